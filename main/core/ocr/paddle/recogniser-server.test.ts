import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from './line-image';
import { REC_HEIGHT } from './recognise';
import { localRecogniser, portRecogniser } from './recogniser-client';
import { serveRecogniser } from './recogniser-server';

/** A dark bar on white at the recogniser's height: something to read, whatever it reads as. */
function line(width: number): RgbImage {
  const data = new Uint8Array(width * REC_HEIGHT * 3).fill(255);
  for (let y = 16; y < 32; y++) for (let x = 8; x < width - 8; x += 3) data.fill(0, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { data, width, height: REC_HEIGHT };
}

describe('the recogniser over a MessagePort (one-shot jingwei ocr: read on the main thread)', () => {
  it('reads lines as the network on the same thread does, and fails waiting calls once closed', async () => {
    const { port1, port2 } = new MessageChannel();
    const release = serveRecogniser(port1, undefined, 2);
    const remote = portRecogniser(port2);
    const local = localRecogniser(2);
    await Promise.all([remote.ready(), local.ready()]);
    const [viaPort, here] = await Promise.all([remote.recognise([line(96), line(200)], 32, 'plain'), local.recognise([line(96), line(200)], 32, 'plain')]);
    expect(viaPort).toEqual(here);
    await local.close();
    const reading = remote.recognise([line(64)], 32, 'plain');
    port1.close();
    await expect(reading).rejects.toThrow();
    await release();
  }, 60_000);
});
