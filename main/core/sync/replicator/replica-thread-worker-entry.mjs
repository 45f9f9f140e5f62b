// Worker threads do not inherit the TypeScript loader of the thread that starts them: register it here when
// running from source; a compiled build ships replica-thread-worker.js next to this file and skips that.
import { existsSync } from 'node:fs';

const compiled = new URL('./replica-thread-worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./replica-thread-worker.ts', import.meta.url).href);
}
