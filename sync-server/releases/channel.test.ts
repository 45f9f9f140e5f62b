import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { applyChange, ChannelRefused, emptyChannel, feedFor, type ReleaseDoc } from './channel';

const at = '2026-12-06T02:00:00.000Z';
const release = (version: string): ReleaseDoc => ({
  _id: `release-${version}`,
  type: 'update-release',
  version,
  platforms: [{ platform: 'linux', releaseDate: null, checks: [], files: [{ name: `jw_${version}_amd64.deb`, sha512: 'abc', size: 3 }] }],
  publishedAt: at,
  publishedBy: 'it',
  complete: true,
});

describe('update channel', () => {
  it('publishes at a stage, widens only upwards, pauses by serving 0%', () => {
    let c = applyChange(emptyChannel('pilot', at), { action: 'publish', version: '1.1.0', staging: 10 }, 'it', at);
    expect(load(feedFor(c, release('1.1.0'), 'linux')!)).toMatchObject({ version: '1.1.0', stagingPercentage: 10, files: [{ url: '../release-1.1.0/jw_1.1.0_amd64.deb', sha512: 'abc', size: 3 }] });
    expect(feedFor(c, release('1.1.0'), 'win')).toBeNull();
    expect(() => applyChange(c, { action: 'widen', staging: 5 }, 'it', at)).toThrow(ChannelRefused);
    c = applyChange(c, { action: 'widen', staging: 50 }, 'it', at);
    c = applyChange(c, { action: 'pause' }, 'it', at);
    expect(load(feedFor(c, release('1.1.0'), 'linux')!)).toMatchObject({ stagingPercentage: 0 });
    c = applyChange(c, { action: 'resume' }, 'it', at);
    expect(load(feedFor(c, release('1.1.0'), 'linux')!)).toMatchObject({ stagingPercentage: 50 });
    expect(c.history.map((h) => h.action)).toEqual(['publish', 'widen', 'pause', 'resume']);
  });

  it('blocking the current version falls back to the newest allowed one for everyone, and it cannot be published again', () => {
    let c = emptyChannel('stable', at);
    c = applyChange(c, { action: 'publish', version: '1.1.0', staging: 100 }, 'it', at);
    c = applyChange(c, { action: 'publish', version: '1.2.0', staging: 10 }, 'it', at);
    c = applyChange(c, { action: 'block', version: '1.2.0' }, 'it', at);
    expect(c).toMatchObject({ version: '1.1.0', staging: 100, paused: false, blocked: ['1.2.0'] });
    expect(() => applyChange(c, { action: 'publish', version: '1.2.0', staging: 10 }, 'it', at)).toThrow(/已被停用/);
    c = applyChange(c, { action: 'block', version: '1.1.0' }, 'it', at);
    expect(c.version).toBeNull();
    expect(() => applyChange(c, { action: 'block', version: '9.9.9' }, 'it', at)).toThrow(/没有发布到/);
  });
});
