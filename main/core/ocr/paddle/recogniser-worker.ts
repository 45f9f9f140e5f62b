import { parentPort, workerData } from 'node:worker_threads';
import { serveRecogniser } from './recogniser-server';

// The recogniser thread: loads the recognition network as soon as it starts, then reads batches of straightened
// lines in order while the OCR worker finds the lines of the next picture.
serveRecogniser(parentPort!, (workerData as { cacheDir?: string } | null)?.cacheDir, 1);
