import { startTestPeer } from './test-peer';
const peer = await startTestPeer();
const server = peer.db('branch-hm01');
const docs = Array.from({ length: 2500 }, (_, i) => ({ _id: `hq:${i}`, type: 'note', n: i }));
for (let i = 0; i < docs.length; i += 500) await server.bulkDocs(docs.slice(i, i + 500) as any);
console.log(peer.url);
await new Promise((r) => setTimeout(r, 60_000));
await peer.close();
