// Chromium as the third evaluation variant's renderer: one headless browser for the whole run (launching one per
// document would cost more than drawing it), one page per picture. The system Chromium, offline.
import { type Browser, chromium } from '@playwright/test';

let browser: Promise<Browser> | undefined;

function launch(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--font-render-hinting=none'] });
  return browser;
}

/** Draws an HTML page of `width` × `height` CSS pixels (one CSS pixel, one image pixel) to PNG. */
export async function renderHtml(html: string, width: number, height: number): Promise<Buffer> {
  const page = await (await launch()).newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  try {
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;overflow:hidden}</style></head><body>${html}</body></html>`);
    // Every font the page names has loaded before the picture is taken.
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    return await page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
  } finally {
    await page.close();
  }
}

/** Closes the browser (the bench and the CLI call it when done; a later render launches a new one). */
export async function closeRenderer(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
}
