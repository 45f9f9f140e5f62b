import { expect, type Locator, type Page } from '@playwright/test';

/** The 证件识别 panel, in the customer's 证件 tab or inside the customer form. */
export class OcrPanel {
  readonly root: Locator;

  constructor(readonly page: Page, scope: Locator | Page = page) {
    this.root = scope.getByTestId('ocr-panel');
  }

  /** Files go in through the slot's file input, exactly as the 选择文件 button would hand them over. */
  async putFile(slot: 'front' | 'back' | 'licence', file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.root.getByTestId(`ocr-file-${slot}`).setInputFiles(file);
    await expect(this.root.getByTestId(`ocr-slot-${slot}`).locator('img')).toBeVisible();
  }

  /** Watches for the progress line before clicking: with PP-OCR a card can be read before a poll would see it. */
  async recognise(): Promise<void> {
    await this.root.evaluate((panel) => {
      const w = window as unknown as { ocrProgressSeen?: boolean };
      w.ocrProgressSeen = false;
      const seen = (): boolean => (w.ocrProgressSeen ||= panel.querySelector('[data-testid="ocr-progress"]') !== null);
      const watcher = new MutationObserver(() => seen() && watcher.disconnect());
      watcher.observe(panel, { childList: true, subtree: true });
    });
    await this.root.getByTestId('ocr-recognise').click();
  }

  /** Whether the progress line appeared since the last recognise(), however briefly. */
  async progressWasShown(): Promise<boolean> {
    return this.page.evaluate(() => (window as unknown as { ocrProgressSeen?: boolean }).ocrProgressSeen === true);
  }

  progress(): Locator {
    return this.root.getByTestId('ocr-progress');
  }

  error(): Locator {
    return this.root.getByTestId('ocr-error');
  }

  /** The message a slot shows when the file chosen for it cannot be read. */
  slotError(slot: 'front' | 'back' | 'licence'): Locator {
    return this.root.getByTestId(`ocr-slot-error-${slot}`);
  }

  async waitForResult(): Promise<void> {
    // The OCR worker is slow on a shared CI machine; on a teller PC a card takes well under two seconds.
    await expect(this.root.getByTestId('ocr-result')).toBeVisible({ timeout: 150_000 });
  }

  fieldRow(name: string): Locator {
    return this.root.locator(`tr[data-field="${name}"]`);
  }

  fieldValue(name: string): Locator {
    return this.fieldRow(name).locator('.ocr-value, input').first();
  }

  checks(): Locator {
    return this.root.getByTestId('ocr-checks').locator('li');
  }

  difference(field: string): Locator {
    return this.root.getByTestId('ocr-differences').locator(`li[data-field="${field}"]`);
  }

  button(name: string): Locator {
    return this.root.getByRole('button', { name, exact: true });
  }

  input(label: string): Locator {
    return this.root.getByRole('textbox', { name: label, exact: true });
  }
}
