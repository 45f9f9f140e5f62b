const KEY = 'jingwei.kioskKey';

export interface KeyStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The kiosk's device key: taken once from `?kioskKey=` at installation and kept in the device's storage, then
 * removed from the address bar so it is not left on screen. Inside Electron the preload can set it the same way.
 */
export function takeKioskKey(search: string, store: KeyStore, replaceSearch: (next: string) => void): string | null {
  const params = new URLSearchParams(search);
  const given = params.get('kioskKey');
  if (given) {
    store.setItem(KEY, given);
    params.delete('kioskKey');
    const rest = params.toString();
    replaceSearch(rest ? `?${rest}` : '');
    return given;
  }
  return store.getItem(KEY);
}
