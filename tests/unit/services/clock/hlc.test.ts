import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legacyHlc, parseHlc, receiveHlc, tickHlc } from '../../../../electron/services/clock/hlc';

describe('hybrid logical clock', () => {
  it('never goes back, whatever the wall clock does', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4e12 }), { minLength: 1, maxLength: 50 }), (walls) => {
      let last: string | null = null;
      for (const now of walls) {
        const next = tickHlc(last, now);
        if (last !== null) expect(next > last).toBe(true);
        expect(parseHlc(next).ms).toBeGreaterThanOrEqual(now);
        last = next;
      }
    }));
  });

  it('puts an event made after receiving another after it, even on a desk whose clock is behind', () => {
    fc.assert(fc.property(fc.integer({ min: 1e12, max: 2e12 }), fc.integer({ min: 0, max: 1e9 }), fc.nat(100), (theirMs, behind, counter) => {
      const remote = `${String(theirMs).padStart(13, '0')}-${counter.toString(16).padStart(4, '0')}`;
      const seen = receiveHlc(tickHlc(null, theirMs - behind), remote, theirMs - behind);
      expect(seen > remote).toBe(true);
      expect(tickHlc(seen, theirMs - behind) > remote).toBe(true);
    }));
  });

  it('sorts as text in clock order, events from before clocks by their time', () => {
    expect(legacyHlc(5) < legacyHlc(40)).toBe(true);
    expect(tickHlc(legacyHlc(40), 40) > legacyHlc(40)).toBe(true);
    expect(() => parseHlc('12-3')).toThrow(/混合逻辑时钟/);
  });
});
