import {
  counterByNo, DEFAULT_QUEUE_CONFIG, serviceByCode, type QueueConfig, type QueueCounter, type QueueService,
} from '../../../domain/queue/config';
import { businessDay } from '../../../domain/queue/numbering';
import { apiError } from '../api/dispatch';

export const QUEUE_CONFIG_ID = 'queue:config';
const CONFIG_TTL_MS = 2000;

export interface ConfigDoc extends QueueConfig {
  _id: string;
  _rev?: string;
  type: 'queue-config';
  updatedAt: string;
  updatedBy: string;
}

export interface ConfigStore {
  /** The configuration in force: the stored one, or the default before anyone saved one. */
  load(): Promise<QueueConfig>;
  /** The stored document, or null before anyone saved one. */
  read(): Promise<ConfigDoc | null>;
  /** Revision of the configuration last loaded ('default' when none is stored): part of the board's cache key. */
  rev(): string;
  /** Our own save: the next load reads the database again. */
  forget(): void;
}

export const isNotFound = (e: unknown) => (e as { status?: number }).status === 404;

/** Just the configuration fields of the stored document. */
export function configOf(doc: ConfigDoc): QueueConfig {
  const { _id, _rev, type: _t, updatedAt: _u, updatedBy: _b, ...config } = doc;
  return config;
}

/**
 * Read on every kiosk request; our own saves refresh it at once, a configuration replicated from head office (or
 * from the branch head's desk) is picked up within CONFIG_TTL_MS.
 */
export function configStore(pouch: PouchDB.Database<object>, nowMs: () => number = Date.now): ConfigStore {
  let cache: { rev: string; config: QueueConfig; readAt: number } | null = null;

  async function read(): Promise<ConfigDoc | null> {
    try {
      return (await pouch.get(QUEUE_CONFIG_ID)) as unknown as ConfigDoc;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async function load(): Promise<QueueConfig> {
    const at = nowMs();
    if (cache && at - cache.readAt < CONFIG_TTL_MS) return cache.config;
    const doc = await read();
    const rev = doc?._rev ?? 'default';
    // An unchanged document keeps its parsed configuration (and the board cached against its revision).
    const config = cache?.rev === rev ? cache.config : doc ? configOf(doc) : DEFAULT_QUEUE_CONFIG;
    cache = { rev, config, readAt: at };
    return config;
  }

  return { load, read, rev: () => cache?.rev ?? 'default', forget: () => void (cache = null) };
}

export const dayOf = (config: QueueConfig, now: Date) => businessDay(now, config.utcOffsetMinutes);
export const serviceName = (config: QueueConfig, code: string) => serviceByCode(config, code)?.name ?? code;

export function mustService(config: QueueConfig, code: string): QueueService {
  const s = serviceByCode(config, code);
  if (!s) throw apiError('NOT_FOUND', 'queue.error.unknownService', { service: code });
  return s;
}

export function mustCounter(config: QueueConfig, no: number): QueueCounter {
  const c = counterByNo(config, no);
  if (!c) throw apiError('NOT_FOUND', 'queue.error.unknownCounter', { counter: no });
  return c;
}
