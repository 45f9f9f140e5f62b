import { z } from 'zod';
import { dump } from 'js-yaml';
import { PLATFORM_FEEDS, VERSION, type ReleasePlatform } from './release-dir';

/** Devices follow one channel: pilot branches first, then everyone. */
export const CHANNELS = ['pilot', 'stable'] as const;
export type Channel = (typeof CHANNELS)[number];

export { RELEASE_PUBLISHER_ROLE, UPDATES_DB } from '../validation/policy';

export const channelDocId = (channel: Channel) => `channel-${channel}`;
export const releaseDocId = (version: string) => `release-${version}`;

const platform = z.enum(['win', 'linux']);
const releaseFileMeta = z.object({ name: z.string(), sha512: z.string(), size: z.int().min(0) });

/** One released build, stored once in `updates` and served by every channel it is published to. */
export const releaseDoc = z.looseObject({
  _id: z.string().startsWith('release-'),
  _rev: z.string().optional(),
  type: z.literal('update-release'),
  version: z.string().regex(VERSION),
  platforms: z.array(z.object({ platform, releaseDate: z.string().nullable(), files: z.array(releaseFileMeta), checks: z.array(z.string()) })),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** False while the installers are still being uploaded; a channel only ever points at a complete release. */
  complete: z.boolean(),
});
export type ReleaseDoc = z.infer<typeof releaseDoc>;

export const CHANNEL_ACTIONS = ['publish', 'widen', 'pause', 'resume', 'block'] as const;
export type ChannelAction = (typeof CHANNEL_ACTIONS)[number];

/** What a channel serves now, and how it got there. Its attachments are the feed files devices read. */
export const channelDoc = z.looseObject({
  _id: z.string().startsWith('channel-'),
  _rev: z.string().optional(),
  type: z.literal('update-channel'),
  channel: z.enum(CHANNELS),
  version: z.string().regex(VERSION).nullable(),
  /** Share of devices (by electron-updater's per-device staging id) offered `version`: 1–100. */
  staging: z.int().min(1).max(100),
  paused: z.boolean(),
  blocked: z.array(z.string()),
  /** Versions published to this channel, oldest first: what a block falls back to. */
  published: z.array(z.string()),
  history: z.array(z.object({ at: z.string(), by: z.string(), action: z.enum(CHANNEL_ACTIONS), version: z.string().nullable(), staging: z.int() })),
  updatedAt: z.string(),
});
export type ChannelDoc = z.infer<typeof channelDoc>;

export const emptyChannel = (channel: Channel, now: string): ChannelDoc => ({
  _id: channelDocId(channel),
  type: 'update-channel',
  channel,
  version: null,
  staging: 100,
  paused: false,
  blocked: [],
  published: [],
  history: [],
  updatedAt: now,
});

/**
 * electron-updater's generic-feed file for one platform of the channel's release. The installers stay in the
 * release's own document: URLs are relative to the channel's folder (`../release-<v>/<file>`), which
 * electron-updater resolves against the feed URL. A paused channel serves `stagingPercentage: 0`, which no device
 * matches, so nobody new starts the update while IT looks into a problem.
 */
export function feedFor(channel: ChannelDoc, release: ReleaseDoc, which: ReleasePlatform): string | null {
  const p = release.platforms.find((x) => x.platform === which);
  if (!p || p.files.length === 0) return null;
  const files = p.files.map((f) => ({ url: `../${releaseDocId(release.version)}/${f.name}`, sha512: f.sha512, size: f.size }));
  return dump({
    version: release.version,
    files,
    path: files[0]!.url,
    sha512: files[0]!.sha512,
    ...(p.releaseDate ? { releaseDate: p.releaseDate } : {}),
    stagingPercentage: channel.paused ? 0 : channel.staging,
  });
}

/** The channel's feed files as CouchDB inline attachments; a channel with nothing to serve has none (404). */
export function feedAttachments(channel: ChannelDoc, release: ReleaseDoc | null): Record<string, { content_type: string; data: string }> {
  const out: Record<string, { content_type: string; data: string }> = {};
  if (!release) return out;
  for (const [which, file] of Object.entries(PLATFORM_FEEDS) as [ReleasePlatform, string][]) {
    const yml = feedFor(channel, release, which);
    if (yml !== null) out[file] = { content_type: 'text/yaml', data: Buffer.from(yml).toString('base64') };
  }
  return out;
}

export type ChannelChange =
  | { action: 'publish'; version: string; staging: number }
  | { action: 'widen'; staging: number }
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'block'; version: string };

/** A change IT may not make, in words for the screen and the CLI. */
export class ChannelRefused extends Error {}

/** The channel after one of IT's changes (pure; the store writes it with its feed files in one PUT). */
export function applyChange(channel: ChannelDoc, change: ChannelChange, by: string, at: string): ChannelDoc {
  const next: ChannelDoc = { ...channel, blocked: [...channel.blocked], published: [...channel.published], history: [...channel.history] };
  switch (change.action) {
    case 'publish':
      if (channel.blocked.includes(change.version)) throw new ChannelRefused(`版本 ${change.version} 已被停用，不能再发布到 ${channel.channel} (version is blocked on this channel)`);
      next.version = change.version;
      next.staging = change.staging;
      next.paused = false;
      next.published = [...channel.published.filter((v) => v !== change.version), change.version];
      break;
    case 'widen':
      if (channel.version === null) throw new ChannelRefused(`${channel.channel} 通道还没有发布任何版本 (nothing published on this channel)`);
      if (change.staging <= channel.staging) throw new ChannelRefused(`灰度比例只能扩大：当前 ${channel.staging}%，要求 ${change.staging}% (staging only widens)`);
      next.staging = change.staging;
      break;
    case 'pause':
    case 'resume':
      if (channel.version === null) throw new ChannelRefused(`${channel.channel} 通道还没有发布任何版本 (nothing published on this channel)`);
      next.paused = change.action === 'pause';
      break;
    case 'block': {
      if (!channel.published.includes(change.version)) throw new ChannelRefused(`版本 ${change.version} 没有发布到 ${channel.channel} (not published on this channel)`);
      if (!next.blocked.includes(change.version)) next.blocked.push(change.version);
      if (channel.version === change.version) {
        // Back to the newest version still allowed, for everyone: it is what the devices that did not update run.
        const fallback = [...channel.published].reverse().find((v) => !next.blocked.includes(v)) ?? null;
        next.version = fallback;
        next.staging = 100;
        next.paused = false;
      }
      break;
    }
  }
  const version = change.action === 'block' ? change.version : next.version;
  next.history.push({ at, by, action: change.action, version, staging: next.staging });
  next.updatedAt = at;
  return next;
}
