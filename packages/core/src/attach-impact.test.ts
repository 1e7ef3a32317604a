import { describe, expect, it } from 'vitest';
import { attachImpact, getImpact, getStreamImpact } from './attach-impact';
import { DeferredEstimate, type DeferredReport } from './deferred-report';
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

  it('never overwrites a provider field named impact, and still finds the report', () => {
    const result = { id: 'x', impact: 'the provider said so' };
    attachImpact(result, report);
    expect(result.impact).toBe('the provider said so');
    expect(JSON.stringify(result)).toBe('{"id":"x","impact":"the provider said so"}');
    expect(getImpact(result)).toBe(report);
  });

  it('finds the report on proxies that refuse the property or keep nothing of it', () => {
    const refusing = new Proxy({ id: 'r' }, { defineProperty: () => false });
    attachImpact(refusing, report);
    expect(getImpact(refusing)).toBe(report);
    const throwing = new Proxy({ id: 't' }, {
      defineProperty: () => {
        throw new Error('no');
      },
    });
    attachImpact(throwing, report);
    expect(getImpact(throwing)).toBe(report);
    const forgetful = new Proxy({ id: 'f' }, { defineProperty: () => true });
    attachImpact(forgetful, report);
    expect(getImpact(forgetful)).toBe(report);
  });

  it('reattaching replaces the report', () => {
    const result = { id: 'again' };
    attachImpact(result, report);
    const second = estimate({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 1, outputTokens: 2 });
    attachImpact(result, second);
    expect(getImpact(result)).toBe(second);
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

describe('attachImpact with a deferred report', () => {
  const deferredOf = (): { deferred: DeferredReport; reads: () => number } => {
    let count = 0;
    const fresh = estimate({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 10, outputTokens: 20 });
    const deferred = DeferredEstimate.of(fresh);
    return {
      deferred: {
        request: deferred.request,
        get report() {
          count += 1;
          return deferred.report;
        },
      },
      reads: () => count,
    };
  };

  it('computes nothing until impact is read, then gives the same report at every read', () => {
    const { deferred, reads } = deferredOf();
    const result = { id: 'cmpl-2' };
    const attached = attachImpact(result, deferred);
    expect(JSON.stringify(attached)).toBe('{"id":"cmpl-2"}');
    expect(Object.keys(attached)).toEqual(['id']);
    expect({ ...attached }).not.toHaveProperty('impact');
    expect(reads()).toBe(0);
    const first = attached.impact;
    expect(first.request.model).toBe('mistral-small-latest');
    expect(attached.impact).toBe(first);
    expect(getImpact(attached)).toBe(first);
    expect(() => {
      (attached as { impact: unknown }).impact = 1;
    }).toThrow(TypeError);
  });

  it('finds the report of a frozen result, and replaces its own deferred report when attached again', () => {
    const frozen = attachImpact(Object.freeze({ id: 'x' }), deferredOf().deferred);
    expect(getImpact(frozen)?.request.model).toBe('mistral-small-latest');
    const result = attachImpact({ id: 'y' }, deferredOf().deferred);
    attachImpact(result, report);
    expect(result.impact).toBe(report);
  });

  it('leaves a getter of the provider’s own alone', () => {
    const result = {};
    Object.defineProperty(result, 'impact', { get: () => 'provider field', enumerable: false, configurable: true });
    expect(getImpact(result)).toBeUndefined();
  });
});
