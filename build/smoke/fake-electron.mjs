// A stand-in for the `electron` module, just enough for the shell to boot under plain Node (see run.mjs).
import { EventEmitter } from 'node:events';

export const calls = [];
const displays = [{ id: 1, internal: true, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];

export const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  getPath: (name) => (name === 'userData' ? process.env.SMOKE_USER_DATA : `/nonexistent/${name}`),
  setPath: (name, value) => calls.push(['setPath', name, value]),
  whenReady: () => Promise.resolve(),
  enableSandbox() {},
  requestSingleInstanceLock: () => true,
  setAppUserModelId() {},
  quit: () => calls.push(['quit']),
  exit: (code) => calls.push(['exit', code]),
});
export const screen = Object.assign(new EventEmitter(), { getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0] });
export const windows = [];
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = Object.assign(new EventEmitter(), { setVisualZoomLevelLimits: async () => {}, send() {}, isDestroyed: () => false });
    windows.push(this);
  }
  async loadURL(url) {
    this.url = url;
  }
  isDestroyed() {
    return false;
  }
  show() {}
  showInactive() {}
}
export const handlers = new Map();
export const ipcMain = { handle: (channel, h) => handlers.set(channel, h), removeHandler: (channel) => handlers.delete(channel) };
export const dialog = { showErrorBox: (title, body) => calls.push(['errorBox', title, body]) };
export const Menu = { setApplicationMenu() {} };
export const session = { defaultSession: { webRequest: { onHeadersReceived() {} }, setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } };
export const shell = { openExternal: async () => {} };
export const protocols = new Map();
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => calls.push(['registerSchemesAsPrivileged', schemes.map((s) => s.scheme)]),
  handle: (scheme, handler) => protocols.set(scheme, handler),
};
// A Linux desktop without a keyring: the shell falls back to its 0600 key file, as on such a branch PC.
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptStringAsync: async () => {
    throw new Error('no keyring');
  },
  decryptStringAsync: async () => {
    throw new Error('no keyring');
  },
};
export default { app, screen, BrowserWindow, ipcMain, dialog, Menu, session, shell, protocol, safeStorage };
