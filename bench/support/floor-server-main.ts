// The floor server (bench/support/floor-server.ts) as a process of its own, as the measured servers run: prints its URL.
import { startFloorServer } from './floor-server';

const server = await startFloorServer();
console.log(server.url);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
