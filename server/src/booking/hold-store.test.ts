import { describe, expect, it } from 'vitest';
import { HOLD_STORE_METHODS, type HoldStore, routeStore } from './hold-store';

describe('routeStore', () => {
  it('routes every HoldStore method, with its arguments, through one function', async () => {
    const calls: string[] = [];
    const fake = Object.fromEntries(
      HOLD_STORE_METHODS.map((m) => [m, async (...args: unknown[]) => `${m}(${args.join(',')})`]),
    ) as unknown as HoldStore;
    const routed = routeStore(async (call) => {
      calls.push('route');
      return call(fake);
    });
    expect(await routed.release('t', 'h', 'u')).toBe('release(t,h,u)');
    expect(await routed.snapshot('t')).toBe('snapshot(t)');
    for (const m of HOLD_STORE_METHODS) expect(typeof routed[m]).toBe('function');
    expect(calls).toEqual(['route', 'route']);
  });

  it('says which method a routed-to store lacks', async () => {
    const routed = routeStore(async (call) => call({} as HoldStore));
    await expect(routed.snapshot('t')).rejects.toThrow('this store cannot snapshot');
  });
});
