import { useEffect, useRef } from 'react';
import type { EventMap, EventName } from '../../main/core/api/contract';
import { api } from './client';

/** Calls `handler` for each core event of that name while the component is mounted. */
export function useApiEvent<N extends EventName>(name: N, handler: (payload: EventMap[N]) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => api.on(name, (payload) => latest.current(payload)), [name]);
}
