// Run with tsx in a child process (see head-office.ts): the sync server imports JSON modules, which Playwright's own
// TypeScript loader cannot load. Prints one line with the device's remote configuration, then serves until SIGTERM.
import { startDemoHeadOffice } from '../../../main/demo/head-office';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: tsx head-office-main.ts DATA_DIR');
const { remote, admin, villagePage, close } = await startDemoHeadOffice(dataDir, 0);
console.log(`HEAD_OFFICE ${JSON.stringify({ remote, admin, villagePage: villagePage.url })}`);
process.once('SIGTERM', () => void close().then(() => process.exit(0)));
