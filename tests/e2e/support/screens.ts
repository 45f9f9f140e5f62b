import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

// Screens are saved for people to look at (layout, fonts, density); the specs' assertions check the behaviour.
export const SCREENSHOT_DIR = process.env.JW_SCREENSHOT_DIR ?? join(tmpdir(), 'jingwei-desk-screens');

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** The same screen at the counter PC's 1366×768 and a branch head's 1920×1080 (`<name>.png`, `<name>-1080p.png`). */
export async function shotBothSizes(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await shot(page, name);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, `${name}-1080p`);
  if (size) await page.setViewportSize(size);
}
