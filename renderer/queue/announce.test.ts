import { describe, expect, it } from 'vitest';
import { announcementSpeech, announcementText, chineseNumber } from './announce';

describe('hall announcement', () => {
  it('shows the call as printed', () => {
    expect(announcementText('A001', '3号窗口')).toBe('请A001号到3号窗口');
  });

  it('spells the number digit by digit and the counter as a number', () => {
    expect(announcementSpeech('A001', '3号窗口')).toBe('请A零零一号，到三号窗口');
    expect(announcementSpeech('V120', '12号窗口')).toBe('请V一二零号，到十二号窗口');
    expect([1, 10, 12, 20, 35, 99].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '三十五', '九十九']);
  });
});
