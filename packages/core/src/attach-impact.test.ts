import { describe, expect, it } from 'vitest';
import { attachImpact, getImpact, getStreamImpact } from './attach-impact';
import { estimate } from './estimate';

const report = estimate({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 10, outputTokens: 20 });

describe('attachImpact', () => {
  it('adds a non-enumerable, read-only impact: JSON, keys and spreads are unchanged', () => {
    const result = { id: 'cmpl-1', usage: { promptTokens: 10 } };
    const before = JSON.stringify(result);
    const attached = attachImpact(result, report);
    expect(attached).toBe(result);
    expect(attached.impact).toBe(report);
    expect(JSON.stringify(attached)).toBe(before);
    expect(Object.keys(attached)).toEqual(['id', 'usage']);
    expect({ ...attached }).not.toHaveProperty('impact');
    expect(() => {
      (attached as { impact: unknown }).impact = 1;
    }).toThrow(TypeError);
    expect(getImpact(attached)).toBe(report);
  });

  it('works on arrays and class instances', () => {
    const vector = attachImpact([0.1, 0.2], report);
    expect(JSON.stringify(vector)).toBe('[0.1,0.2]');
    expect(getImpact(vector)).toBe(report);
    const blob = attachImpact(new Blob(['png']), report);
    expect(blob.impact).toBe(report);
  });

  it('keeps the report of a frozen result aside, where getImpact finds it', () => {
    const frozen = Object.freeze({ id: 'x' });
    expect(() => attachImpact(frozen, report)).not.toThrow();
    expect(getImpact(frozen)).toBe(report);
  });

  it('leaves primitives alone and reads nothing from unwrapped results', () => {
    expect(attachImpact('data:image/png;base64,', report)).toBe('data:image/png;base64,');
    expect(getImpact('text')).toBeUndefined();
    expect(getImpact({ impact: report })).toBeUndefined();
    expect(getImpact(null)).toBeUndefined();
  });

  it('carries a promise on streams, read with getStreamImpact', async () => {
    const stream = attachImpact({ [Symbol.asyncIterator]: async function* () {} }, Promise.resolve(report));
    expect(getImpact(stream)).toBeUndefined();
    expect(await getStreamImpact(stream)).toBe(report);
    expect(getStreamImpact({ id: 'plain' })).toBeUndefined();
    expect(getStreamImpact(attachImpact({}, report))).toBeUndefined();
  });
});
