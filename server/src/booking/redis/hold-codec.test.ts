import { describe, expect, it } from 'vitest';
import { HASHTABLE_FIELD, parseBatchReplies, parseOccupancy } from './hold-codec';
import { loadScripts } from './scripts';

describe('parseOccupancy (snapshot-6.lua reply)', () => {
  it('reads every seat, ids with the value separator included', () => {
    expect(parseOccupancy('A1\u00003:0:17\u0000B:2\u00000:12:9007199254740')).toEqual([
      { id: 'A1', held: 3, sold: 0, v: 17 },
      { id: 'B:2', held: 0, sold: 12, v: 9007199254740 },
    ]);
  });

  it('leaves out the field that keeps the hash a hash table, which Lua writes with the same text', () => {
    expect(parseOccupancy(`A1\u00001:0:3\u0000${HASHTABLE_FIELD}\u00000:0:0\u0000B2\u00000:1:4`)).toEqual([
      { id: 'A1', held: 1, sold: 0, v: 3 },
      { id: 'B2', held: 0, sold: 1, v: 4 },
    ]);
    // Longer than hash-max-listpack-value (64 bytes by default), or Redis would keep its listpack.
    expect(Buffer.byteLength(HASHTABLE_FIELD)).toBeGreaterThan(64);
    const load = loadScripts().find((s) => s.name === 'load');
    expect(load?.lua).toContain(`local HASHTABLE_FIELD = '${HASHTABLE_FIELD}'`);
  });

  it('reads a trip with no seat entries as none', () => {
    expect(parseOccupancy('')).toEqual([]);
  });

  it('refuses a damaged reply rather than inventing seats', () => {
    expect(() => parseOccupancy('A1\u00003:0')).toThrow(/damaged occupancy/);
    expect(() => parseOccupancy('A1')).toThrow(/damaged occupancy/);
  });
});

describe('parseBatchReplies (batch-6.lua reply)', () => {
  const join = (...f: Array<string | number>) => f.join('\u0000');

  it('reads each decision as its own script would have replied, in order', () => {
    const raw = join(
      ...['OK', 1796197702492001, 4, 'C3-17', 1, 0, 1796197702492001, 0, 1, 1796198302492],
      ...['SEAT_TAKEN', 1796197702492001, 0, 0, 2, 'A:1', 'B,2'],
      ...['OK', 1796197702492002, 0, 3, 'h1', 'u1', 'S1,S2', 0],
    );
    expect(parseBatchReplies(raw, 3)).toEqual([
      ['OK', 1796197702492001, ['C3-17', '1', '0', '1796197702492001'], [], ['1796198302492']],
      ['SEAT_TAKEN', 1796197702492001, [], [], ['A:1', 'B,2']],
      ['OK', 1796197702492002, [], ['h1', 'u1', 'S1,S2'], []],
    ]);
  });

  it('refuses a reply that ends early, miscounts or runs over', () => {
    expect(() => parseBatchReplies(join('OK', 7, 4, 'A1', 1), 1)).toThrow(/damaged/);
    expect(() => parseBatchReplies(join('OK'), 1)).toThrow(/ended early/);
    expect(() => parseBatchReplies(join('OK', 7, 0, 0, 0, 'extra'), 1)).toThrow(/too many/);
  });
});
