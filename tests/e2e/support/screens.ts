import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

// Screens are saved for people to look at (layout, fonts, density); the specs' assertions check the behaviour.
export const SCREENSHOT_DIR = process.env.JW_SCREENSHOT_DIR ?? join(tmpdir(), 'jingwei-desk-screens');

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
