/**
 * Renders build/icon.svg into the PNGs electron-builder needs (run: `npx tsx build/make-icon.ts`; the outputs
 * are kept in the repository so packaging needs no image tools). electron-builder derives the Windows .ico
 * from icon.png (it must be at least 256×256) and takes Linux sizes from build/icons/<n>x<n>.png.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

async function main(): Promise<void> {
  const svg = here('./icon.svg');
  mkdirSync(here('./icons'), { recursive: true });
  await sharp(svg, { density: 144 }).resize(1024, 1024).png({ compressionLevel: 9 }).toFile(here('./icon.png'));
  for (const size of LINUX_SIZES) {
    await sharp(svg, { density: 144 }).resize(size, size).png({ compressionLevel: 9 }).toFile(here(`./icons/${size}x${size}.png`));
  }
  const meta = await sharp(here('./icon.png')).metadata();
  console.log(`build/icon.png ${meta.width}×${meta.height}, build/icons/: ${LINUX_SIZES.map((s) => `${s}x${s}`).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
