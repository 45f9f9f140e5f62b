// Where a server's time went: a V8 .cpuprofile (node --cpu-prof, e.g. SERVER_NODE_ARGS for the load benches)
// summarised as self time per function, per package/file, and inclusive time per function, optionally only inside
// a window of the monotonic clock the samples are stamped with (branches-load.bench.ts prints the end of day's).
//   npx tsx bench/support/cpu-profile-summary.ts FILE.cpuprofile [--window START-END] [--top N]
// Samples are taken on a timer whether or not the thread has a core: on a loaded machine the shares are of the
// thread's wall time (waiting for a core counts where it waited), so compare shares, and CPU from /proc.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const cli = parseArgs({ allowPositionals: true, options: { window: { type: 'string' }, top: { type: 'string' } } });
const args = z
  .object({ file: z.string(), window: z.string().regex(/^\d+-\d+$/).optional(), top: z.coerce.number().int().min(1).default(30) })
  .parse({ file: cli.positionals[0], window: cli.values.window, top: cli.values.top });

const profile = z
  .object({
    nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }), children: z.array(z.number()).optional() })),
    startTime: z.number(),
    endTime: z.number(),
    samples: z.array(z.number()),
    timeDeltas: z.array(z.number()),
  })
  .parse(JSON.parse(readFileSync(args.file, 'utf8')));

const [from, to] = args.window ? args.window.split('-').map(Number) : [-Infinity, Infinity];
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);

const short = (url: string) => url.replace(/^.*node_modules\//, 'nm/').replace(/^file:\/\//, '').replace(/^.*\/(dist|sync-server|db|main)\//, '$1/');
const label = (id: number) => {
  const f = nodes.get(id)!.callFrame;
  return `${f.functionName || '(anonymous)'} ${short(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
};
const packageOf = (id: number) => {
  const url = short(nodes.get(id)!.callFrame.url);
  if (!url) return '(native, GC, idle)';
  return url.startsWith('nm/') ? url.split('/').slice(0, url.startsWith('nm/@') ? 3 : 2).join('/') : url;
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const byPackage = new Map<string, number>();
const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
let t = profile.startTime;
let busyUs = 0;
let idleUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i]!;
  if (t < from || t > to) continue;
  // A sample stands for the time until the next one.
  const us = profile.timeDeltas[i + 1] ?? 0;
  const id = profile.samples[i]!;
  const name = nodes.get(id)!.callFrame.functionName;
  if (name === '(idle)') {
    idleUs += us;
    continue;
  }
  busyUs += us;
  add(self, label(id), us);
  add(byPackage, packageOf(id), us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
    const l = label(cur);
    if (!seen.has(l)) add(inclusive, l, us);
    seen.add(l);
  }
}

const table = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, args.top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${k}`);
  }
};
console.log(`${args.file}${args.window ? ` in ${args.window}` : ''}: ${(busyUs / 1000).toFixed(0)} ms busy, ${(idleUs / 1000).toFixed(0)} ms idle (shares below are of busy)`);
table('self time by package / file', byPackage);
table('self time by function', self);
table('inclusive time by function', inclusive);
