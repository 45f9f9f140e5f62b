import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('sync screen formatting', () => {
  it('shows bytes in B, KB and MB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12_600)).toBe('12.3 KB');
    expect(formatBytes(4_718_592)).toBe('4.5 MB');
  });
});
