import { readFileSync } from 'node:fs';
import type { CouchClient } from '../identity/couch';
import {
  applyChange,
  channelDoc,
  channelDocId,
  emptyChannel,
  feedAttachments,
  releaseDoc,
  releaseDocId,
  type Channel,
  type ChannelChange,
  type ChannelDoc,
  type ReleaseDoc,
} from './channel';
import { SIGNATURE_SUFFIX } from '../../trust/update-signature';
import { UPDATES_DB } from '../validation/policy';
import { ReleaseRefused, type ReleaseBundle } from './release-dir';

/**
 * Head office's release store, entirely over the CouchDB HTTP API (database `updates`, written only by the
 * `release-publisher` role and server admins; read by every device user): so it works the same against
 * `jingwei server` and an Apache CouchDB cluster. A release is a document holding the installers and their
 * signatures as attachments; a channel is a document whose attachments are electron-updater's feed files, rewritten
 * with its state in one PUT on every change. A device's feed URL is `<head office>/updates/channel-<channel>/`.
 */
export interface ReleaseStoreDeps {
  couch: CouchClient;
  /** Who acts (the CouchDB user), for the channel's history. */
  by: string;
  now?: () => Date;
}

const stamp = (deps: ReleaseStoreDeps) => (deps.now ?? (() => new Date()))().toISOString();

export async function readChannel(couch: CouchClient, channel: Channel): Promise<ChannelDoc> {
  const doc = await couch.get<unknown>(UPDATES_DB, channelDocId(channel));
  return doc === null ? emptyChannel(channel, new Date(0).toISOString()) : channelDoc.parse(doc);
}

export async function readRelease(couch: CouchClient, version: string): Promise<ReleaseDoc | null> {
  const doc = await couch.get<unknown>(UPDATES_DB, releaseDocId(version));
  return doc === null ? null : releaseDoc.parse(doc);
}

/**
 * Stores the verified build once (re-publishing the same version to another channel reuses it; the same version
 * number with different files is refused), uploading each installer and its `.sig` as an attachment, and marks it
 * complete only when every file is in.
 */
async function storeRelease(deps: ReleaseStoreDeps, bundle: ReleaseBundle): Promise<ReleaseDoc> {
  const { couch } = deps;
  const files = bundle.platforms.flatMap((p) => p.files);
  const existing = await readRelease(couch, bundle.version);
  if (existing?.complete) {
    const stored = new Map(existing.platforms.flatMap((p) => p.files).map((f) => [f.name, f.sha512]));
    const same = stored.size === files.length && files.every((f) => stored.get(f.name) === f.sha512);
    if (!same) throw new ReleaseRefused([`版本 ${bundle.version} 已经发布过，但文件不同：同一版本号不能换文件，请提高版本号 (this version was published with other files)`]);
    return existing;
  }
  const meta: ReleaseDoc = {
    _id: releaseDocId(bundle.version),
    ...(existing?._rev ? { _rev: existing._rev } : {}),
    type: 'update-release',
    version: bundle.version,
    platforms: bundle.platforms.map((p) => ({ platform: p.platform, releaseDate: p.releaseDate, checks: p.checks, files: p.files.map((f) => ({ name: f.name, sha512: f.sha512, size: f.size })) })),
    publishedAt: stamp(deps),
    publishedBy: deps.by,
    complete: false,
  };
  // Starting over drops whatever an interrupted upload left (no _attachments in the body).
  let rev = await couch.put(UPDATES_DB, meta);
  for (const f of files) {
    rev = await couch.putAttachment(UPDATES_DB, meta._id, rev, f.name, new Uint8Array(readFileSync(f.path)), 'application/octet-stream');
    rev = await couch.putAttachment(UPDATES_DB, meta._id, rev, `${f.name}${SIGNATURE_SUFFIX}`, new Uint8Array(Buffer.from(`${f.signature}\n`)), 'text/plain');
  }
  const uploaded = await couch.get<ReleaseDoc & { _attachments: unknown }>(UPDATES_DB, meta._id);
  if (!uploaded) throw new Error(`release ${meta._id} vanished during upload`);
  const done = { ...uploaded, complete: true };
  await couch.put(UPDATES_DB, done);
  return releaseDoc.parse(done);
}

/** Applies one change and rewrites the channel's feed files with it, in one document write. */
export async function changeChannel(deps: ReleaseStoreDeps, channel: Channel, change: ChannelChange): Promise<ChannelDoc> {
  const current = await readChannel(deps.couch, channel);
  const next = applyChange(current, change, deps.by, stamp(deps));
  const release = next.version === null ? null : await readRelease(deps.couch, next.version);
  if (next.version !== null && !release?.complete) throw new ReleaseRefused([`版本 ${next.version} 尚未完整上传 (release upload incomplete)`]);
  const body = { ...next, _attachments: feedAttachments(next, release) };
  const rev = await deps.couch.put(UPDATES_DB, body);
  return { ...next, _rev: rev };
}

/** `jingwei release publish` and the IT screen's 发布: store the verified build, then serve it at `staging`%. */
export async function publishRelease(deps: ReleaseStoreDeps, bundle: ReleaseBundle, channel: Channel, staging: number): Promise<ChannelDoc> {
  await storeRelease(deps, bundle);
  return changeChannel(deps, channel, { action: 'publish', version: bundle.version, staging });
}
