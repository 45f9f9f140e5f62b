import { describe, expect, it } from 'vitest';
import type { QueueCounter } from './config';
import { estimateWaitSec, serviceCapacity, typicalServiceSec } from './estimate';

const c = (no: number, ...services: [string, number][]): QueueCounter => ({ no, name: `${no}`, services: services.map(([service, weight]) => ({ service, weight })) });

describe('wait estimation', () => {
  it('uses the median of measured service times, the default until there are enough', () => {
    expect(typicalServiceSec([100, 900, 200, 300, 250], 240)).toBe(250);
    expect(typicalServiceSec([100, 200, 300, 400], 240)).toBe(250);
    expect(typicalServiceSec([100, 200], 240)).toBe(240);
  });

  it('shares a mixed counter among the services with customers waiting', () => {
    const loads = [
      { counter: c(1, ['cash', 1]), open: true, busy: true },
      { counter: c(3, ['loan', 2], ['cash', 1]), open: true, busy: false },
      { counter: c(2, ['cash', 1]), open: false, busy: false },
    ];
    expect(serviceCapacity('cash', loads, new Set(['cash', 'loan']))).toEqual({ capacity: 1 + 1 / 3, idle: 1 });
    // With no loan customers waiting, counter 3 serves cash fully.
    expect(serviceCapacity('cash', loads, new Set(['cash']))).toEqual({ capacity: 2, idle: 1 });
    expect(serviceCapacity('corporate', loads, new Set())).toEqual({ capacity: 0, idle: 0 });
  });

  it('estimates from the people ahead, the service time and the open capacity', () => {
    expect(estimateWaitSec(0, 300, { capacity: 1, idle: 1 })).toBe(0);
    expect(estimateWaitSec(0, 300, { capacity: 1, idle: 0 })).toBe(150);
    expect(estimateWaitSec(2, 300, { capacity: 1, idle: 0 })).toBe(750);
    expect(estimateWaitSec(2, 300, { capacity: 2, idle: 0 })).toBe(375);
    expect(estimateWaitSec(1, 300, { capacity: 1, idle: 1 })).toBe(300);
    expect(estimateWaitSec(3, 300, { capacity: 0, idle: 0 })).toBeNull();
  });
});
