import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImpactRecord } from './impact-record';
import type { Range } from './impact-report';
import { DeferredEstimate } from './deferred-report';
import { Meter, recordWithMergedTags } from './meter';
import { range, realReport, reportOf, reportWith } from '../test/helpers/reports';

const CRITERIA = ['energy', 'gwp', 'adpe', 'pe', 'water'] as const;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Meter totals and breakdowns', () => {
  it('sums every recorded report and breaks totals down by provider, model and tag', () => {
    const meter = new Meter();
    const openai = realReport('openai', 'gpt-4o-mini');
    const mistral = realReport('mistral', 'ministral-8b-latest');
    meter.record(openai, { tags: { user: 'ada', feature: 'search' } });
    meter.record(openai, { tags: { user: 'bob', feature: 'search' } });
    meter.record(mistral, { tags: { user: 'ada' } });

    const snapshot = meter.snapshot();
    expect(snapshot.totals.requests).toBe(3);
    expect(snapshot.totals.inputTokens).toBe(openai.request.inputTokens * 2 + mistral.request.inputTokens);
    expect(snapshot.totals.energy.value).toBeCloseTo(openai.energy.value * 2 + mistral.energy.value, 15);
    expect(snapshot.byProvider['openai']?.requests).toBe(2);
    expect(snapshot.byProvider['mistral']?.gwp.max).toBeCloseTo(mistral.gwp.max, 15);
    expect(snapshot.byModel['openai/gpt-4o-mini']?.requests).toBe(2);
    expect(snapshot.byModel['mistral/ministral-8b-latest']?.requests).toBe(1);
    expect(snapshot.byTag['user']?.['ada']?.requests).toBe(2);
    expect(snapshot.byTag['user']?.['bob']?.water.value).toBeCloseTo(openai.water.value, 15);
    expect(snapshot.byTag['feature']?.['search']?.requests).toBe(2);
  });

  it('keeps any string as a tag key or value, __proto__ and constructor included', () => {
    const meter = new Meter();
    const report = realReport();
    // Parsed JSON (a ledger line, a request header) can hold the key `__proto__` as an own key.
    const tags = JSON.parse('{"__proto__":"x","user":"__proto__","constructor":"c"}') as Record<string, string>;
    const record = meter.record(report, { tags });
    expect(Object.getPrototypeOf(record.tags)).toBe(Object.prototype);
    expect(Object.entries(record.tags)).toEqual([['__proto__', 'x'], ['user', '__proto__'], ['constructor', 'c']]);
    expect(JSON.parse(JSON.stringify(record)).tags).toEqual(record.tags);
    meter.record(report, { tags: { user: 'ada' } });
    const { byTag } = meter.snapshot();
    expect(Object.getPrototypeOf(byTag)).toBe(Object.prototype);
    expect(Object.keys(byTag)).toEqual(['__proto__', 'user', 'constructor']);
    expect(Object.hasOwn(byTag, '__proto__') && byTag['__proto__']?.['x']?.requests).toBe(1);
    const users = byTag['user'] ?? {};
    expect(Object.getPrototypeOf(users)).toBe(Object.prototype);
    expect(Object.keys(users)).toEqual(['__proto__', 'ada']);
    expect(Object.hasOwn(users, '__proto__') && users['__proto__']?.requests).toBe(1);
  });

  it('returns the record it aggregated, with the context and no text', () => {
    const meter = new Meter({ tags: { team: 'core' } });
    const record = meter.record(realReport(), { tags: { user: 'ada' }, operation: 'chat', status: 'failed', error: { name: 'RateLimitError', status: 429 } });
    expect(record).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', operation: 'chat', status: 'failed', error: { name: 'RateLimitError', status: 429 } });
    expect(record.tags).toEqual({ team: 'core', user: 'ada' });
    expect(record.time).toBe('2026-11-28T10:00:00.000Z');
  });

  it('counts failed and aborted requests among the requests', () => {
    const meter = new Meter();
    meter.record(realReport(), { status: 'completed' });
    meter.record(realReport(), { status: 'failed', error: { name: 'APIError', status: 500 } });
    meter.record(realReport('mistral', 'ministral-8b-latest'), { status: 'aborted' });
    meter.record(realReport());
    const { totals, byProvider } = meter.snapshot();
    expect(totals).toMatchObject({ requests: 4, failed: 1, aborted: 1 });
    expect(byProvider['mistral']).toMatchObject({ requests: 1, failed: 0, aborted: 1 });
  });

  it('totals equal the sum of the records whatever the order', () => {
    const impactsArbitrary = fc.record({
      value: fc.double({ min: 0, max: 1, noNaN: true }),
      spread: fc.double({ min: 0, max: 0.9, noNaN: true }),
      provider: fc.constantFrom('openai', 'mistral', 'huggingface'),
      user: fc.constantFrom('ada', 'bob', 'cy'),
    });
    fc.assert(fc.property(fc.array(impactsArbitrary, { minLength: 1, maxLength: 40 }), (items) => {
      const forward = new Meter();
      const backward = new Meter();
      const records = items.map((item) => reportWith({ energy: range(item.value, item.spread), gwp: range(item.value * 2, item.spread) }, item.provider));
      items.forEach((item, index) => forward.record(records[index]!, { tags: { user: item.user } }));
      [...items].reverse().forEach((item, index) => backward.record(records[items.length - 1 - index]!, { tags: { user: item.user } }));
      const a = forward.snapshot();
      const b = backward.snapshot();
      const expected = records.reduce((sum, report) => sum + report.energy.value, 0);
      expect(a.totals.energy.value).toBeCloseTo(expected, 9);
      expect(b.totals.energy.value).toBeCloseTo(expected, 9);
      expect(a.totals.requests).toBe(items.length);
      for (const provider of Object.keys(a.byProvider)) {
        expect(b.byProvider[provider]?.gwp.value).toBeCloseTo(a.byProvider[provider]!.gwp.value, 9);
      }
      const userSum = Object.values(a.byTag['user'] ?? {}).reduce((sum, totals) => sum + totals.energy.value, 0);
      expect(userSum).toBeCloseTo(expected, 9);
    }));
  });

  it('keeps min <= value <= max through aggregation', () => {
    const bounded = fc.tuple(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }))
      .map(([a, b, c]): Range => {
        const [min, value, max] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        return { value, min, max };
      });
    fc.assert(fc.property(fc.array(fc.record({ energy: bounded, water: bounded }), { minLength: 1, maxLength: 50 }), (items) => {
      const meter = new Meter();
      for (const item of items) meter.record(reportWith(item), { tags: { user: 'ada' } });
      const snapshot = meter.snapshot();
      for (const totals of [snapshot.totals, snapshot.byProvider['openai']!, snapshot.byTag['user']!['ada']!, snapshot.windows.minute.totals]) {
        for (const criterion of ['energy', 'water'] as const) {
          expect(totals[criterion].min).toBeLessThanOrEqual(totals[criterion].value);
          expect(totals[criterion].value).toBeLessThanOrEqual(totals[criterion].max);
        }
      }
    }));
  });

  it('gives a JSON-serialisable snapshot', () => {
    const meter = new Meter({ budgets: [{ name: 'daily', metric: 'gwp', limit: 1, window: 'day' }, { name: 'ever', metric: 'energy', limit: 1, window: 'total', per: 'user' }] });
    meter.record(realReport(), { tags: { user: 'ada' } });
    const snapshot = meter.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.budgets.map((status) => status.name)).toEqual(['daily', 'ever']);
    expect(snapshot.budgets[1]?.resetsAt).toBeNull();
  });
});

describe('Meter sliding windows', () => {
  it('counts a record in the last minute, hour and day until it ages out of each', () => {
    const meter = new Meter();
    meter.record(reportOf(1));
    const first = meter.snapshot();
    expect(first.windows.minute.totals.requests).toBe(1);
    expect(first.windows.hour.totals.requests).toBe(1);

    vi.advanceTimersByTime(61_000);
    meter.record(reportOf(2));
    const later = meter.snapshot();
    expect(later.windows.minute.totals.requests).toBe(1);
    expect(later.windows.minute.totals.energy.value).toBe(2);
    expect(later.windows.hour.totals.energy.value).toBe(3);

    vi.advanceTimersByTime(3_600_000);
    const hourLater = meter.snapshot();
    expect(hourLater.windows.minute.totals.requests).toBe(0);
    expect(hourLater.windows.hour.totals.requests).toBe(0);
    expect(hourLater.windows.day.totals.energy.value).toBe(3);

    vi.advanceTimersByTime(86_400_000);
    const dayLater = meter.snapshot();
    expect(dayLater.windows.day.totals.requests).toBe(0);
    expect(dayLater.totals.energy.value).toBe(3);
  });

  it('breaks each window down by provider, model and tag', () => {
    const meter = new Meter();
    meter.record(realReport('mistral', 'ministral-8b-latest'), { tags: { feature: 'chat' } });
    const { windows } = meter.snapshot();
    expect(windows.hour.byProvider['mistral']?.requests).toBe(1);
    expect(windows.hour.byModel['mistral/ministral-8b-latest']?.requests).toBe(1);
    expect(windows.day.byTag['feature']?.['chat']?.requests).toBe(1);
    expect(windows.minute.resolutionMs).toBe(5000);
    expect(windows.minute.durationMs).toBe(60_000);
  });
});

describe('Meter memory bound', () => {
  it('stays bounded after 100k records with distinct tag values, folding the excess into (other)', () => {
    const meter = new Meter({ limits: { breakdownKeys: 200, windowBreakdownKeys: 20, tagKeys: 4 } });
    const report = reportOf(1e-6);
    for (let index = 0; index < 100_000; index += 1) {
      meter.record(report, { tags: { user: `user-${index}`, session: `s-${index}`, [`key-${index % 10}`]: 'x' } });
      if (index % 1000 === 999) vi.advanceTimersByTime(1000);
    }
    const footprint = meter.memoryFootprint();
    // All-time: 1 total + providers + models + 4 tag keys, each at most 200 values + (other);
    // windows: 12 + 12 + 24 buckets, each with at most 20 values + (other) per breakdown.
    const allTime = 1 + 6 * 201;
    const windows = (12 + 12 + 24) * (1 + 6 * 21);
    expect(footprint.accumulators).toBeLessThanOrEqual(allTime + windows);
    expect(footprint.buckets).toBeLessThanOrEqual(12 + 12 + 24);
    const snapshot = meter.snapshot();
    expect(snapshot.totals.requests).toBe(100_000);
    expect(Object.keys(snapshot.byTag['user'] ?? {})).toHaveLength(201);
    expect(snapshot.byTag['user']?.['(other)']?.requests).toBe(100_000 - 200);
    expect(Object.keys(snapshot.byTag).length).toBeLessThanOrEqual(4);
    expect(snapshot.overflow.folded).toBe(100_000 - 200);
    expect(snapshot.overflow.untrackedTagKeys).toBeGreaterThan(0);
    const userSum = Object.values(snapshot.byTag['user'] ?? {}).reduce((sum, totals) => sum + totals.requests, 0);
    expect(userSum).toBe(100_000);
  }, 60_000);
});

describe('Meter runs of one key', () => {
  it('puts every request where it belongs when models alternate, repeat and fold past the cap', () => {
    const meter = new Meter({ limits: { breakdownKeys: 2, windowBreakdownKeys: 2 } });
    const sequence = ['a', 'a', 'b', 'a', 'c', 'c', 'a', 'b', 'd', 'a'];
    for (const [index, model] of sequence.entries()) {
      meter.record(reportOf(1, 'openai', model), { tags: { user: model } });
      if (index === 5) vi.advanceTimersByTime(61_000);
    }
    const snapshot = meter.snapshot();
    const count = (model: string): number => sequence.filter((name) => name === model).length;
    expect(snapshot.byModel['openai/a']?.requests).toBe(count('a'));
    expect(snapshot.byModel['openai/b']?.requests).toBe(count('b'));
    expect(snapshot.byModel['(other)']?.requests).toBe(count('c') + count('d'));
    expect(snapshot.byTag['user']?.['(other)']?.requests).toBe(count('c') + count('d'));
    expect(snapshot.overflow.folded).toBe(count('c') + count('d'));
    // The minute window holds the four requests after the jump, in a fresh bucket.
    expect(snapshot.windows.minute.totals.requests).toBe(4);
    expect(snapshot.windows.minute.byModel['openai/a']?.requests).toBe(2);
    expect(snapshot.windows.hour.totals.requests).toBe(sequence.length);
  });

  it('aggregates the same figures whether or not anything reads the records', () => {
    const quiet = new Meter();
    const listened = new Meter({ budgets: [{ name: 'day', metric: 'energy', limit: 1e9, window: 'day' }] });
    listened.on('impact-recorded', () => {});
    for (const report of [realReport(), realReport('mistral', 'ministral-8b-latest'), reportOf(3)]) {
      const tags = { user: 'ada' };
      recordWithMergedTags(quiet, DeferredEstimate.of(report), { status: 'failed', tags });
      recordWithMergedTags(listened, DeferredEstimate.of(report), { status: 'failed', tags });
    }
    const { time: _quietTime, budgets: _quietBudgets, ...fromReports } = quiet.snapshot();
    const { time: _time, budgets: _budgets, ...fromRecords } = listened.snapshot();
    expect(fromReports).toEqual(fromRecords);
    expect(fromReports.totals.failed).toBe(3);
  });
});

describe('Meter requests held back', () => {
  const record = (meter: Meter, report = reportOf(1), tags: Record<string, string> = {}): void => {
    recordWithMergedTags(meter, DeferredEstimate.of(report), { status: 'completed', tags });
  };

  it('computes the reports of held requests when it adds them, each once', () => {
    const meter = new Meter();
    let reads = 0;
    const report = reportOf(2);
    const deferred = { request: report.request, get report() { reads += 1; return report; } };
    for (let count = 0; count < 10; count += 1) recordWithMergedTags(meter, deferred, { status: 'completed', tags: {} });
    expect(reads).toBe(0);
    expect(meter.snapshot().totals.requests).toBe(10);
    expect(reads).toBe(10);
    meter.snapshot();
    expect(reads).toBe(10);
    // A meter that reads each request (here, through a listener) needs its report at once.
    meter.on('impact-recorded', () => undefined);
    recordWithMergedTags(meter, deferred, { status: 'completed', tags: {} });
    expect(reads).toBe(11);
  });

  it('shows every request recorded in each read, however many are held back', () => {
    const meter = new Meter();
    for (let count = 1; count <= 200; count += 1) {
      record(meter, reportOf(1), { user: count % 2 === 0 ? 'ada' : 'bob' });
      if (count % 37 === 0 || count === 63 || count === 64 || count === 65) {
        const snapshot = meter.snapshot();
        expect(snapshot.totals.requests).toBe(count);
        expect(snapshot.windows.minute.totals.requests).toBe(count);
        expect(snapshot.byTag['user']?.['ada']?.requests).toBe(Math.floor(count / 2));
      }
    }
    expect(meter.memoryFootprint().accumulators).toBeGreaterThan(1);
  });

  it('adds held requests at the time they were recorded, in the order they came', () => {
    const meter = new Meter();
    record(meter, reportOf(0.1));
    vi.advanceTimersByTime(61_000);
    record(meter, reportOf(0.2));
    meter.record(reportOf(0.3));
    record(meter, reportOf(0.4));
    const snapshot = meter.snapshot();
    expect(snapshot.windows.minute.totals.requests).toBe(3);
    expect(snapshot.windows.hour.totals.requests).toBe(4);
    // The same additions in the same order as a meter that adds each request at once.
    const direct = new Meter();
    for (const value of [0.1, 0.2, 0.3, 0.4]) direct.record(reportOf(value));
    expect(snapshot.totals).toEqual(direct.snapshot().totals);
  });

  it('adds held requests to the figures of a meter that adds them one by one', () => {
    const limits = { breakdownKeys: 3, windowBreakdownKeys: 2, tagKeys: 1 };
    const held = new Meter({ limits });
    const direct = new Meter({ limits });
    // A listener makes a meter read every request as it comes: nothing is held.
    direct.on('impact-recorded', () => undefined);
    const ada = { user: 'ada' };
    const models = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'o3', 'gpt-4.1-mini'];
    for (let count = 0; count < 300; count += 1) {
      // Runs of like requests (models change every 12); models past the caps fold, a second tag key is untracked.
      const model = models[Math.floor(count / 12) % models.length] as string;
      const tags = count % 50 < 20 ? ada : count % 50 < 35 ? { user: 'bob', team: 'x' } : {};
      const status = count % 17 === 0 ? 'failed' : count % 23 === 0 ? 'aborted' : 'completed';
      const report = reportWith({ energy: range(0.1 + (count % 7) * 0.013), gwp: range(0.3 / (1 + (count % 5))) }, 'openai', model);
      for (const meter of [held, direct]) recordWithMergedTags(meter, DeferredEstimate.of(report), { status, tags });
      // Requests straddle the windows' buckets (5 s, 5 min, 1 h).
      vi.advanceTimersByTime(count % 9 === 0 ? 4_100 : 700);
    }
    const closeTo = (actual: unknown, expected: unknown, path: string): void => {
      if (typeof expected === 'number') {
        expect(actual, path).toBeCloseTo(expected, 12);
        return;
      }
      if (typeof expected !== 'object' || expected === null) {
        expect(actual, path).toEqual(expected);
        return;
      }
      expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
      for (const [key, value] of Object.entries(expected)) closeTo((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    };
    const { time: _heldTime, budgets: _heldBudgets, ...fromHeld } = held.snapshot();
    const { time: _directTime, budgets: _directBudgets, ...oneByOne } = direct.snapshot();
    closeTo(fromHeld, oneByOne, 'snapshot');
    expect(fromHeld.overflow.folded).toBeGreaterThan(0);
    expect(fromHeld.overflow.untrackedTagKeys).toBeGreaterThan(0);
    expect(fromHeld.totals.requests).toBe(300);

    // Like requests across two buckets of the minute window, read once the first has left it.
    const edge = new Meter();
    for (const delay of [0, 0, 6_000, 0]) {
      vi.advanceTimersByTime(delay);
      record(edge, reportOf(1), ada);
    }
    vi.advanceTimersByTime(56_000);
    expect(edge.snapshot().windows.minute.totals.requests).toBe(2);
    expect(edge.snapshot().windows.hour.totals.requests).toBe(4);
  });

  it('gives budgets and listeners added later every request from then on, and the held ones to the totals', () => {
    const meter = new Meter();
    record(meter);
    record(meter);
    const events: unknown[] = [];
    meter.on('impact-recorded', (event) => events.push(event));
    record(meter);
    expect(events).toHaveLength(1);
    meter.addBudget({ name: 'tiny', metric: 'energy', limit: 3.5, window: 'day' });
    record(meter);
    expect(meter.budgetStatus({ provider: 'openai', model: 'gpt-4o-mini', tags: {} })[0]?.spent).toBe(1);
    expect(meter.snapshot().totals.requests).toBe(4);
  });
});

describe('Meter events', () => {
  it('emits impact-recorded with the record and the report', () => {
    const meter = new Meter();
    const seen: ImpactRecord[] = [];
    meter.on('impact-recorded', ({ record, report }) => {
      seen.push(record);
      expect(report.request.model).toBe('gpt-4o-mini');
    });
    meter.record(realReport(), { tags: { user: 'ada' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.tags).toEqual({ user: 'ada' });
  });

  it('isolates a throwing listener: the record is counted, other listeners run, listener-error reports it', () => {
    const meter = new Meter();
    const errors: unknown[] = [];
    const after = vi.fn();
    meter.on('listener-error', ({ source, error }) => errors.push([source, error]));
    meter.on('impact-recorded', () => {
      throw new TypeError('listener bug');
    });
    meter.on('impact-recorded', after);
    expect(() => meter.record(realReport())).not.toThrow();
    expect(after).toHaveBeenCalledTimes(1);
    expect(meter.snapshot().totals.requests).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toEqual(['impact-recorded', expect.any(TypeError)]);
  });

  it('reports a rejecting async listener through listener-error', async () => {
    const meter = new Meter();
    const reported = new Promise<unknown>((resolve) => meter.on('listener-error', ({ error }) => resolve(error)));
    meter.on('impact-recorded', async () => {
      throw new RangeError('async listener bug');
    });
    meter.record(realReport());
    await expect(reported).resolves.toBeInstanceOf(RangeError);
    expect(meter.snapshot().totals.requests).toBe(1);
  });

  it('warns on the console, without the error message, when nobody listens to listener-error', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const meter = new Meter();
    meter.on('impact-recorded', () => {
      throw new Error('prompt: my secret text');
    });
    meter.record(realReport());
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toMatch(/impact-recorded listener failed \(Error\)/);
    expect(message).not.toMatch(/secret/);
    // A listener failing on every request warns once, not once per request.
    for (let i = 0; i < 50; i += 1) meter.record(realReport());
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('removes listeners with the returned function, off() and once()', () => {
    const meter = new Meter();
    const a = vi.fn();
    const b = vi.fn();
    const c = vi.fn();
    const stop = meter.on('impact-recorded', a);
    meter.on('impact-recorded', b);
    meter.once('impact-recorded', c);
    meter.record(realReport());
    stop();
    meter.off('impact-recorded', b);
    meter.record(realReport());
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(c).toHaveBeenCalledTimes(1);
    expect(meter.listenerCount('impact-recorded')).toBe(0);
  });
});

describe('Meter.child', () => {
  it('tags everything recorded through it, counts it itself and forwards it to the parent', () => {
    const meter = new Meter({ tags: { app: 'docs' } });
    const search = meter.child({ feature: 'search' });
    const parentRecords: ImpactRecord[] = [];
    meter.on('impact-recorded', ({ record }) => parentRecords.push(record));
    search.record(realReport(), { tags: { user: 'ada' } });
    meter.record(realReport(), { tags: { user: 'bob' } });

    expect(search.parent).toBe(meter);
    expect(search.tags).toEqual({ app: 'docs', feature: 'search' });
    expect(search.snapshot().totals.requests).toBe(1);
    expect(meter.snapshot().totals.requests).toBe(2);
    expect(meter.snapshot().byTag['feature']?.['search']?.requests).toBe(1);
    expect(parentRecords[0]?.tags).toEqual({ app: 'docs', feature: 'search', user: 'ada' });
  });

  it('lets a request tag override the scope tag of the same key', () => {
    const child = new Meter().child({ feature: 'search' });
    expect(child.record(realReport(), { tags: { feature: 'summarise' } }).tags).toEqual({ feature: 'summarise' });
  });

  it('sends a child listener error to the nearest meter that listens', () => {
    const meter = new Meter();
    const child = meter.child({ feature: 'search' });
    const errors: unknown[] = [];
    meter.on('listener-error', ({ error }) => errors.push(error));
    child.on('impact-recorded', () => {
      throw new Error('child listener');
    });
    child.record(realReport());
    expect(errors).toHaveLength(1);
  });
});

describe('Meter.replay', () => {
  it('adds records without emitting events', () => {
    const source = new Meter();
    const records = [source.record(realReport(), { tags: { user: 'ada' } }), source.record(realReport('mistral', 'ministral-8b-latest'))];
    const meter = new Meter();
    const listener = vi.fn();
    meter.on('impact-recorded', listener);
    expect(meter.replay(records)).toBe(2);
    expect(listener).not.toHaveBeenCalled();
    const snapshot = meter.snapshot();
    expect(snapshot.totals.requests).toBe(2);
    for (const criterion of CRITERIA) {
      expect(snapshot.totals[criterion].value).toBeCloseTo(source.snapshot().totals[criterion].value, 15);
    }
    expect(snapshot.byTag['user']?.['ada']?.requests).toBe(1);
    expect(snapshot.windows.minute.totals.requests).toBe(2);
  });

  it('keeps old records out of the sliding windows', () => {
    const source = new Meter();
    const old = source.record(realReport());
    vi.advanceTimersByTime(2 * 86_400_000);
    const meter = new Meter();
    meter.replay([old]);
    expect(meter.snapshot().totals.requests).toBe(1);
    expect(meter.snapshot().windows.day.totals.requests).toBe(0);
  });
});

describe('Meter options', () => {
  it('rejects malformed limits and duplicate budget names', () => {
    expect(() => new Meter({ limits: { breakdownKeys: 0 } })).toThrow(/limits.breakdownKeys/);
    expect(() => new Meter({ limits: { bogus: 3 } as never })).toThrow(/limits.bogus/);
    expect(() => new Meter({ budgets: [
      { name: 'a', metric: 'gwp', limit: 1, window: 'day' },
      { name: 'a', metric: 'energy', limit: 1, window: 'day' },
    ] })).toThrow(/budget.name/);
  });
});
