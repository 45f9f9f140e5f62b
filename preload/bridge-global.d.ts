import type { Bridge } from '../main/core/api/transport';

declare global {
  interface Window {
    /** Present in Electron windows that load our own build (see preload/preload.ts); absent in a plain browser. */
    jingwei?: Bridge;
  }
}

export {};
