import { EventEmitter } from 'node:events';
import type { EventMap, EventName } from './api/contract';
import type { EventMessage } from './api/transport';

/** Typed fan-out of core events to every connected UI; transports subscribe with `onEvent`. */
export class CoreEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window, SSE client and display subscribes; the default limit of 10 would warn in a busy branch.
    this.emitter.setMaxListeners(0);
  }

  emit<N extends EventName>(name: N, payload: EventMap[N]): void {
    this.emitter.emit('event', { name, payload } satisfies EventMessage);
  }

  onEvent(listener: (event: EventMessage) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
