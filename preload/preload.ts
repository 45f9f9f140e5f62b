import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// Bundled to CommonJS by build/build-electron.ts: sandboxed preloads cannot load ES modules or node_modules.
contextBridge.exposeInMainWorld(
  'jingwei',
  createBridge({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    on: (channel, listener) => void ipcRenderer.on(channel, listener),
    off: (channel, listener) => void ipcRenderer.off(channel, listener),
  }),
);
