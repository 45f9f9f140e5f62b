import { buildRenderer } from '../../../main/host/renderer-build';

/**
 * Builds the renderer once up front so no test spends its time budget on a build inside the host. Built the way a
 * host rebuilds it (written over the old build, never emptied first): a run of another spec in this checkout may
 * be serving it.
 */
export default async function globalSetup(): Promise<void> {
  await buildRenderer();
}
