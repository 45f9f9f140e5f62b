import type { Page } from '@playwright/test';

/**
 * Counts what a person does at the keyboard, as the page receives it: every key pressed once (a chord such as
 * Ctrl+Enter or Alt+L is one keystroke; Shift, Ctrl, Alt on their own are not counted; auto-repeat is not), and
 * every mouse press, so a "keyboard only" path can prove it never needed the mouse. The counts live in the page
 * (sessionStorage), so they are what the browser saw, not what the test meant to send.
 */
export class KeystrokeCounter {
  private constructor(readonly page: Page) {}

  /** Installs the listeners in this page and every document it loads from now on. */
  static async install(page: Page): Promise<KeystrokeCounter> {
    const script = () => {
      const bump = (name: string) => sessionStorage.setItem(name, String(Number(sessionStorage.getItem(name) ?? '0') + 1));
      window.addEventListener('keydown', (e) => {
        if (!e.repeat && !['Shift', 'Control', 'Alt', 'Meta', 'CapsLock'].includes(e.key)) bump('jw-keystrokes');
      }, { capture: true });
      window.addEventListener('mousedown', () => bump('jw-mouse'), { capture: true });
    };
    await page.addInitScript(script);
    await page.evaluate(script);
    return new KeystrokeCounter(page);
  }

  async reset(): Promise<void> {
    await this.page.evaluate(() => {
      sessionStorage.setItem('jw-keystrokes', '0');
      sessionStorage.setItem('jw-mouse', '0');
    });
  }

  async counts(): Promise<{ keystrokes: number; mousePresses: number }> {
    return this.page.evaluate(() => ({
      keystrokes: Number(sessionStorage.getItem('jw-keystrokes') ?? '0'),
      mousePresses: Number(sessionStorage.getItem('jw-mouse') ?? '0'),
    }));
  }
}
