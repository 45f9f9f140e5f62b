import { useEffect, useState } from 'react';

const SLIDE_MS = 7_000;

/** Which of `count` marketing slides is shown: the next every few seconds, held while a ticket is on screen. */
export function useSlideShow(count: number, held: boolean): number {
  const [slide, setSlide] = useState(0);
  useEffect(() => {
    if (held || count < 2) return;
    const timer = setInterval(() => setSlide((s) => (s + 1) % count), SLIDE_MS);
    return () => clearInterval(timer);
  }, [held, count]);
  return slide;
}
