import { existsSync } from 'node:fs';

/**
 * Where a packaged file really is on disk. Inside the Electron app a package resolves to a path in app.asar;
 * files electron-builder unpacked (asarUnpack) sit at the same place under app.asar.unpacked, which is what a
 * native library or an OS-level link must be given. Outside a package the path is returned unchanged.
 */
export function onDisk(path: string): string {
  const unpacked = path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== path && existsSync(unpacked) ? unpacked : path;
}
