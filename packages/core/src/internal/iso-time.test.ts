import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('writes every time exactly as Date.prototype.toISOString() does', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (time) => {
      expect(isoTime(time)).toBe(new Date(time).toISOString());
    }), { numRuns: 5000 });
  });

  it('is right across minute, hour, day and year boundaries in any order', () => {
    const edges = [Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2027, 0, 1), 0, 59_999, 60_000, Date.UTC(2024, 1, 29, 12, 0, 0, 7)];
    for (const time of [...edges, ...edges.reverse()]) expect(isoTime(time)).toBe(new Date(time).toISOString());
  });

  it('leaves negative, fractional, far-future and invalid times to toISOString()', () => {
    for (const time of [-1, -86_400_001, 1.5, Date.UTC(10_000, 0, 1), 8.64e15]) expect(isoTime(time)).toBe(new Date(time).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
