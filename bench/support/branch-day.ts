import sharp from 'sharp';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../../domain/random';
import { demoPeople } from '../../main/demo/seed';
import { join } from 'node:path';
import { createPouch } from '../../db/pouchdb';
import { branchDbName, storeKeys } from '../../main/core/branch-store';
import { defaultSecretsDir, openDeviceSecrets } from '../../main/core/secrets/device-secrets';
import { createTestCore } from '../../main/core/testing/test-core';

export interface BranchDayOptions {
  dataDir: string;
  /** Individual customers opened at the counter (each also writes its audit entry). */
  customers: number;
  /** Loan applications drafted by the customer manager and completed once (a draft plus an update). */
  applications: number;
  /** ID cards checked with front and back scans kept as attachments. */
  documents: number;
  /** Size of both scans of one document together. */
  scanBytes: number;
  /** Names the device's audit chain; two devices of one branch need different ones. */
  deviceId?: string;
  /** The branch the device belongs to (HM01 unless said); its store is `branch-<code>`. */
  branchCode?: string;
}

export interface BranchDay {
  /** Documents without attachments (customers, applications, audit entries, staff) and their JSON size. */
  records: number;
  recordsJsonBytes: number;
  /** Documents carrying scans and the bytes of all scans. */
  scanned: number;
  scanBytes: number;
  /** What a perfect transfer costs: the records' JSON gzipped at level 6 plus the scans gzipped (JPEG barely shrinks). */
  payloadBytes: number;
  payloadGzipBytes: number;
}

/**
 * A scan as a branch camera makes it: a JPEG of a textured, uneven card-sized image. Made here with sharp from
 * seeded noise and gradients (not the OCR fixture generator), at the quality that lands near the wanted size.
 */
async function scan(seed: number, bytes: number, size = Math.sqrt(bytes / 80_000)): Promise<Buffer> {
  const rnd = mulberry32(seed);
  const [w, h] = [Math.max(160, Math.round(1000 * size)), Math.max(100, Math.round(640 * size))];
  const raw = Buffer.alloc(w * h * 3);
  const tint = [200 + rnd() * 40, 190 + rnd() * 40, 170 + rnd() * 50];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const shade = 0.75 + 0.25 * Math.sin((x + y * 0.6) / (60 + (seed % 40)));
      const grain = (rnd() - 0.5) * 70;
      for (let c = 0; c < 3; c++) raw[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, tint[c]! * shade + grain));
    }
  }
  let lo = 20;
  let hi = 95;
  let best: Buffer | null = null;
  while (lo <= hi) {
    const q = Math.floor((lo + hi) / 2);
    const out = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: q }).toBuffer();
    if (out.length <= bytes) {
      best = out;
      lo = q + 1;
    } else hi = q - 1;
  }
  // Too big even at the lowest quality: a smaller picture.
  return best ?? scan(seed, bytes, size * 0.7);
}

/**
 * A branch's business day made through the product's own API calls — the same validation, audit entries and
 * document shapes a day at the counter produces — in a fresh data folder. Returns what ended up in the store.
 */
export async function buildBranchDay(opts: BranchDayOptions): Promise<BranchDay> {
  const t = await createTestCore({ dataDir: opts.dataDir, liveSync: false, ...(opts.deviceId ? { deviceId: opts.deviceId } : {}), ...(opts.branchCode ? { branchCode: opts.branchCode } : {}) });
  try {
    const manager = await t.login('M001');
    const teller = await t.login('T001');
    const people = demoPeople(opts.customers, 20260601);
    const ids: string[] = [];
    for (const p of people) ids.push((await t.call('customers.create', { customer: { kind: 'individual', ...p } }, teller)).id);
    for (let i = 0; i < opts.applications; i++) {
      const draft = await t.call('loans.createDraft', { customerId: ids[i % ids.length]!, productCode: 'farmer' }, manager);
      await t.call('loans.update', {
        id: draft.id, rev: draft.rev,
        patch: { requestedAmountFen: 3_000_000 + (i % 17) * 500_000, termMonths: 12 + (i % 3) * 12, repaymentMethod: 'equal-installment', collectedData: ['id-card'] },
      }, manager);
    }
    for (let i = 0; i < opts.documents; i++) {
      const p = people[i % people.length]!;
      const id = p.idNumber;
      const [front, back] = await Promise.all([scan(2 * i + 1, opts.scanBytes * 0.55), scan(2 * i + 2, opts.scanBytes * 0.45)]);
      await t.call('documents.saveVerdict', {
        customerId: ids[i % ids.length]!, kind: 'id-card', verdict: 'accepted',
        images: { front: front.toString('base64'), back: back.toString('base64') },
        fields: {
          name: p.name, sex: Number(id[16]) % 2 ? '男' : '女', ethnicity: '汉',
          birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, address: p.address, idNumber: id,
          issuingAuthority: '侯马市公安局', validFrom: '2016-03-01', validUntil: '长期',
        },
      }, teller);
    }
    const all = await t.core.store.pouch.allDocs({ include_docs: true });
    const records: object[] = [];
    let scanned = 0;
    let scanBytes = 0;
    let scansGzip = 0;
    for (const row of all.rows) {
      const doc = row.doc as { _attachments?: Record<string, { length?: number; digest: string }> } | undefined;
      if (!doc) continue;
      if (!doc._attachments) {
        records.push(doc);
        continue;
      }
      scanned++;
      for (const [name, att] of Object.entries(doc._attachments)) {
        const body = (await t.core.store.pouch.getAttachment(row.id, name)) as Buffer;
        scanBytes += body.length;
        scansGzip += gzipSync(new Uint8Array(body.buffer, body.byteOffset, body.length), { level: 6 }).length;
        void att;
      }
      const { _attachments: _a, ...json } = doc;
      records.push(json);
    }
    const json = Buffer.from(JSON.stringify(records));
    return {
      records: records.length - scanned,
      recordsJsonBytes: json.length,
      scanned,
      scanBytes,
      payloadBytes: json.length + scanBytes,
      payloadGzipBytes: gzipSync(new Uint8Array(json.buffer, json.byteOffset, json.length), { level: 6 }).length + scansGzip,
    };
  } finally {
    await t.dispose();
  }
}

/** The (encrypted) branch store of a data folder made by buildBranchDay, opened with the folder's own device secrets. */
export async function openBranchDay(dataDir: string, branchCode = 'HM01'): Promise<PouchDB.Database<object>> {
  const dbName = branchDbName(branchCode);
  const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(dataDir) });
  return createPouch(join(dataDir, `${dbName}.sqlite`), storeKeys(secrets, dbName));
}
