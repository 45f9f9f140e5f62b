// The express-pouchdb peer as a process of its own (bench/support/server-process.ts): prints its URL.
import { startExpressPeer } from './express-peer';

const dir = process.argv[2];
if (!dir) throw new Error('usage: express-peer-main.ts DATA_DIR');
const peer = await startExpressPeer(dir);
console.log(peer.url);
process.once('SIGTERM', () => void peer.close().then(() => process.exit(0)));
