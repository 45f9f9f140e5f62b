const DIGITS = '零一二三四五六七八九';

/** What the hall shows: 请A001号到3号窗口. */
export function announcementText(number: string, counterName: string): string {
  return `请${number}号到${counterName}`;
}

/**
 * What the hall hears. Digits are spelt one by one in Chinese (A零零一, not "A one") so every voice reads the
 * number the way it is printed; letters stay as they are; the counter name keeps its own digits (3号窗口 → 三号窗口).
 */
export function announcementSpeech(number: string, counterName: string): string {
  const spell = (s: string) => s.replace(/\d/g, (d) => DIGITS[Number(d)]!);
  const counter = counterName.replace(/\d+/g, (n) => (n.length <= 2 ? chineseNumber(Number(n)) : spell(n)));
  return `请${spell(number)}号，到${counter}`;
}

/** 1–99 as spoken: 3 → 三, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

export interface SpeechLike {
  speak(u: { text: string; lang: string; rate: number; voice?: unknown }): void;
  voices(): { lang: string }[];
}

/** Speaks through the browser's speechSynthesis with a zh-CN voice when there is one; silently does nothing without. */
export function browserSpeech(): SpeechLike | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return null;
  return {
    voices: () => window.speechSynthesis.getVoices(),
    speak: ({ text, lang, rate }) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = lang;
      u.rate = rate;
      const voice = window.speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith('zh-cn'));
      if (voice) u.voice = voice;
      window.speechSynthesis.speak(u);
    },
  };
}
