import { useEffect, useRef, useState } from 'react';
import type { SlotImage } from '../ImageSlot';
import type { Slot } from '../ocr-model';

/** The pictures per slot, each with an object URL to show it by; the URLs are released when the panel goes. */
export function useSlotImages() {
  const [images, setImages] = useState<Partial<Record<Slot, SlotImage>>>({});
  const urls = useRef<string[]>([]);

  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  function add(slot: Slot, blob: Blob, label: string) {
    const url = URL.createObjectURL(blob);
    urls.current.push(url);
    setImages((m) => ({ ...m, [slot]: { blob, url, label } }));
  }

  function remove(slot: Slot) {
    setImages((m) => ({ ...m, [slot]: undefined }));
  }

  return { images, add, remove, clear: () => setImages({}) };
}
