// Module resolution hooks: `electron` and `electron-updater` resolve to stand-ins, everything else as usual.
const here = new URL('.', import.meta.url);
const updater = `import { EventEmitter } from 'node:events';
export default { autoUpdater: Object.assign(new EventEmitter(), { setFeedURL() {}, checkForUpdates: async () => null }) };`;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('fake-electron.mjs', here).href, shortCircuit: true };
  if (specifier === 'electron-updater') return { url: `data:text/javascript,${encodeURIComponent(updater)}`, shortCircuit: true };
  return next(specifier, context);
}
