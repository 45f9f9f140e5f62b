import { useCallback, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** "#/customers/customer:01H…" → ["customers", "customer:01H…"]; the hash keeps the place across reloads. */
export function parseHash(hash: string): string[] {
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((s) => decodeURIComponent(s));
}

export function useHashRoute(): [string[], (segments: string[]) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const navigate = useCallback((segments: string[]) => {
    window.location.hash = `#/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  }, []);
  return [parseHash(hash), navigate];
}
