import { describe, expect, it } from 'vitest';
import { checkQueueConfig, DEFAULT_QUEUE_CONFIG, type QueueConfig } from './config';

describe('queue config', () => {
  it('accepts the default configuration', () => {
    expect(checkQueueConfig(DEFAULT_QUEUE_CONFIG)).toEqual([]);
  });

  it('names duplicate prefixes, bad ranges and counters with unknown services', () => {
    const bad: QueueConfig = {
      ...DEFAULT_QUEUE_CONFIG,
      services: [
        DEFAULT_QUEUE_CONFIG.services[0]!,
        { ...DEFAULT_QUEUE_CONFIG.services[1]!, prefix: 'A' },
        { ...DEFAULT_QUEUE_CONFIG.services[2]!, rangeStart: 50, rangeEnd: 10 },
      ],
      counters: [{ no: 1, name: '1号窗口', services: [{ service: 'gold', weight: 1 }] }, { no: 1, name: 'x', services: [] }],
    };
    expect(checkQueueConfig(bad).map((i) => [i.path, i.key])).toEqual([
      ['services.1.prefix', 'queue.config.duplicatePrefix'],
      ['services.2.rangeEnd', 'queue.config.rangeRule'],
      ['counters.0.services.0.service', 'queue.config.unknownService'],
      ['counters.1.no', 'queue.config.duplicateCounter'],
      ['counters.1.services', 'queue.config.counterNoService'],
    ]);
  });
});
