import { describe, expect, it } from 'vitest';
import { formatBytes, formatValue } from './format';

describe('sync screen formatting', () => {
  it('shows bytes in B, KB and MB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12_600)).toBe('12.3 KB');
    expect(formatBytes(4_718_592)).toBe('4.5 MB');
  });
  it('shows empty values as a dash and objects as JSON', () => {
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue('')).toBe('—');
    expect(formatValue([{ name: '甲', shareBp: 5100 }])).toBe('[{"name":"甲","shareBp":5100}]');
  });
});
