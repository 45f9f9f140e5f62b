import { describe, expect, it } from 'vitest';
import { authenticodeProblem } from './pe-signature';

/** A minimal PE32+ image with an optional certificate table entry pointing at a WIN_CERTIFICATE. */
function pe({ signed }: { signed: boolean }): Uint8Array {
  const bytes = new Uint8Array(1024);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0x5a4d, true);
  view.setUint32(0x3c, 0x80, true);
  view.setUint32(0x80, 0x00004550, true);
  const optional = 0x80 + 24;
  view.setUint16(optional, 0x20b, true);
  if (signed) {
    const entry = optional + 112 + 4 * 8;
    view.setUint32(entry, 0x300, true);
    view.setUint32(entry + 4, 0x100, true);
    view.setUint32(0x300, 0x100, true);
    view.setUint16(0x304, 0x0200, true);
    view.setUint16(0x306, 0x0002, true);
  }
  return bytes;
}

describe('authenticodeProblem', () => {
  it('accepts an executable with a PKCS#7 certificate table and refuses an unsigned one or a non-executable', () => {
    expect(authenticodeProblem(pe({ signed: true }))).toBeNull();
    expect(authenticodeProblem(pe({ signed: false }))).toMatch(/未签名/);
    expect(authenticodeProblem(new TextEncoder().encode('#!/bin/sh\necho hi\n'.repeat(10)))).toMatch(/不是 Windows 可执行文件/);
  });
});
