import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImpactContext, ImpactTags, OnImpact } from './impact-context';
import type { ImpactRecord } from './impact-record';
import type { ImpactReport } from './impact-report';
import type { ListenerErrorEvent } from './meter';
import { BudgetExceededError } from './errors/budget-exceeded-error';
import { Catalog, defaultCatalog } from './catalog';
import { estimate } from './estimate';
import { assertRequestAllowed, describeFailure, recordImpact, trackRequest } from './instrumentation';
import { Meter } from './meter';

const context: ImpactContext = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  operation: 'chat',
  status: 'completed',
  streamed: false,
  startedAt: Date.parse('2026-11-28T09:59:58Z'),
  tags: { session: 's1' },
};
const request = { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300, latencyMs: 2000 };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('recordImpact', () => {
  it('estimates, records into the meter and calls the client and call hooks once each', () => {
    const meter = new Meter({ tags: { app: 'docs' } });
    const clientHook = vi.fn<OnImpact>();
    const callHook = vi.fn<OnImpact>();
    const report = recordImpact(request, context, { meter, onImpact: clientHook, tags: { feature: 'search' }, methodology: 'ecologits' }, { onImpact: callHook, tags: { user: 'ada' } });

    const expected = estimate(request, { methodology: 'ecologits' });
    expect(report.energy).toEqual(expected.energy);
    expect(clientHook).toHaveBeenCalledTimes(1);
    expect(callHook).toHaveBeenCalledTimes(1);
    expect(clientHook.mock.calls[0]?.[0]).toBe(report);
    const hookContext = clientHook.mock.calls[0]?.[1];
    expect(hookContext).toMatchObject({ provider: 'openai', operation: 'chat', status: 'completed', startedAt: context.startedAt });
    expect(hookContext?.tags).toEqual({ app: 'docs', feature: 'search', session: 's1', user: 'ada' });
    expect(clientHook.mock.invocationCallOrder[0]).toBeLessThan(callHook.mock.invocationCallOrder[0] ?? 0);
    const snapshot = meter.snapshot();
    expect(snapshot.totals.requests).toBe(1);
    expect(snapshot.byTag['user']?.['ada']?.energy.value).toBe(expected.energy.value);
  });

  it('applies zone, PUE and methodology, per call over per client', () => {
    const fra = recordImpact(request, context, { zone: 'USA', methodology: 'ecologits' }, { zone: 'FRA' });
    expect(fra.assumptions.zone).toBe('FRA');
    expect(fra.gwp.value).toBeCloseTo(estimate(request, { zone: 'FRA', methodology: 'ecologits' }).gwp.value, 15);
  });

  it('never throws when estimate() rejects the numbers: zero impacts and an estimate-failed warning, still recorded', () => {
    const meter = new Meter();
    const hook = vi.fn<OnImpact>();
    let report: ImpactReport | undefined;
    expect(() => {
      report = recordImpact({ ...request, outputTokens: -3 }, context, { meter, onImpact: hook, methodology: 'ecologits' });
    }).not.toThrow();
    expect(report?.energy).toEqual({ value: 0, min: 0, max: 0 });
    expect(report?.gwp.max).toBe(0);
    expect(report?.warnings.map((warning) => warning.code)).toEqual(['estimate-failed']);
    expect(report?.warnings[0]?.message).toMatch(/outputTokens/);
    expect(report?.request).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 0 });
    expect(report?.assumptions.methodology).toBe('ecologits');
    expect(report?.assumptions.zone).toBe('USA');
    expect(hook).toHaveBeenCalledTimes(1);
    expect(meter.snapshot().totals.requests).toBe(1);
  });

  it('survives options that estimate() refuses, still recording the request', () => {
    const meter = new Meter();
    const report = recordImpact(request, context, { meter, pue: 0.2 });
    expect(report.warnings[0]?.code).toBe('estimate-failed');
    expect(report.assumptions.zone).toBe('USA');
    expect(meter.snapshot().totals.requests).toBe(1);
  });

  it('reports a throwing hook and a rejecting hook as listener-error, and returns the report', async () => {
    const meter = new Meter();
    const errors: ListenerErrorEvent[] = [];
    meter.on('listener-error', (event) => errors.push(event));
    const report = recordImpact(request, context, {
      meter,
      onImpact: () => {
        throw new Error('sync hook');
      },
    }, {
      onImpact: async () => {
        throw new Error('async hook');
      },
    });
    expect(report.request.outputTokens).toBe(300);
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors.map((event) => event.source)).toEqual(['on-impact', 'on-impact']);
    expect(errors.map((event) => (event.error as Error).message)).toEqual(['sync hook', 'async hook']);
    expect(meter.snapshot().totals.requests).toBe(1);
  });

  it('gives hooks frozen tags: a hook cannot change what a meter holding the request adds later', () => {
    const meter = new Meter();
    const errors: ListenerErrorEvent[] = [];
    meter.on('listener-error', (event) => errors.push(event));
    let frozen = false;
    const tracker = trackRequest({ meter, tags: { team: 'search' }, onImpact: (_report, seen) => {
      frozen = Object.isFrozen(seen.tags);
      (seen.tags as Record<string, string>)['team'] = 'changed by a hook';
    } }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' });
    tracker.end({ inputTokens: 10, outputTokens: 20 });
    expect(frozen).toBe(true);
    // The assignment throws in the hook (strict mode), reported as the hook's error.
    expect(errors.map((event) => event.source)).toEqual(['on-impact']);
    expect(Object.keys(meter.snapshot().byTag['team'] ?? {})).toEqual(['search']);

    // A request without tags anywhere: frozen empty tags too, in the hook and in the meter's record.
    const records: ImpactRecord[] = [];
    const listening = new Meter();
    listening.on('impact-recorded', (event) => records.push(event.record));
    let untagged: ImpactTags | undefined;
    trackRequest({ meter: listening, onImpact: (_report, seen) => (untagged = seen.tags) }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' }).end({ outputTokens: 2 });
    expect(untagged).toEqual({});
    expect(Object.isFrozen(untagged)).toBe(true);
    expect(records[0]?.tags).toBe(untagged);
    expect(JSON.parse(JSON.stringify(records[0])).tags).toEqual({});
  });

  it('warns once on the console, without the message, for a failing hook without a meter', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    recordImpact(request, context, { onImpact: () => { throw new Error('secret prompt'); } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).not.toMatch(/secret/);
  });
});

describe('assertRequestAllowed', () => {
  it('throws BudgetExceededError before sending when a blocking budget is spent, unless enforcement is off', () => {
    const meter = new Meter({ budgets: [{ name: 'per-user', metric: 'energy', limit: 1e-9, window: 'day', policy: 'block', per: 'user' }] });
    recordImpact(request, context, { meter }, { tags: { user: 'ada' } });
    expect(() => assertRequestAllowed({ meter }, { provider: 'openai', model: 'gpt-4o' }, { tags: { user: 'ada' } })).toThrow(BudgetExceededError);
    expect(() => assertRequestAllowed({ meter, tags: { user: 'ada' } }, { provider: 'openai', model: 'gpt-4o' })).toThrow(BudgetExceededError);
    expect(() => assertRequestAllowed({ meter }, { provider: 'openai', model: 'gpt-4o' }, { tags: { user: 'bob' } })).not.toThrow();
    expect(() => assertRequestAllowed({ meter, enforceBudgets: false }, { provider: 'openai', model: 'gpt-4o' }, { tags: { user: 'ada' } })).not.toThrow();
    expect(() => assertRequestAllowed({}, { provider: 'openai', model: 'gpt-4o' })).not.toThrow();
  });
});

describe('trackRequest', () => {
  it('records exactly once however many times finish() is called, with the latency measured', () => {
    const meter = new Meter();
    const hook = vi.fn<OnImpact>();
    const tracker = trackRequest({ meter, onImpact: hook, methodology: 'ecologits' }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat', streamed: true });
    expect(tracker.finished).toBe(false);
    vi.advanceTimersByTime(1500);
    const first = tracker.finish({ inputTokens: 400, outputTokens: 300 }, { requestId: 'req_1' });
    const second = tracker.finish({ inputTokens: 9999, outputTokens: 9999 }, { status: 'aborted' });
    expect(second).toBe(first);
    expect(tracker.finished).toBe(true);
    expect(hook).toHaveBeenCalledTimes(1);
    expect(first.request.latencyMs).toBe(1500);
    expect(hook.mock.calls[0]?.[1]).toMatchObject({ status: 'completed', streamed: true, requestId: 'req_1', startedAt: Date.parse('2026-11-28T10:00:00Z') });
    expect(meter.snapshot().totals.requests).toBe(1);
    expect(meter.snapshot().totals.outputTokens).toBe(300);
  });

  it('returns the same report to a finish() called again from inside a hook', () => {
    const meter = new Meter();
    let inner: ImpactReport | undefined;
    const tracker = trackRequest({
      meter,
      onImpact: () => {
        inner = tracker.finish({ outputTokens: 1 });
      },
    }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' });
    const outer = tracker.finish({ outputTokens: 300 });
    expect(inner).toBe(outer);
    expect(meter.snapshot().totals.requests).toBe(1);
  });

  it('records a failed request with the error name and status only', () => {
    const meter = new Meter();
    const records: string[] = [];
    meter.on('impact-recorded', ({ record }) => records.push(JSON.stringify(record)));
    const tracker = trackRequest({ meter }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' });
    const failure = Object.assign(new Error('Rate limited for prompt "tell me my secret"'), { name: 'RateLimitError', status: 429 });
    tracker.finish({ inputTokens: 12 }, { error: failure });
    expect(records).toHaveLength(1);
    const record = JSON.parse(records[0] ?? '{}') as Record<string, unknown>;
    expect(record['status']).toBe('failed');
    expect(record['error']).toEqual({ name: 'RateLimitError', status: 429 });
    expect(records[0]).not.toMatch(/secret/);
  });

  it('refuses to start when a blocking budget is spent', () => {
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'gwp', limit: 1e-12, window: 'hour', policy: 'block' }] });
    trackRequest({ meter }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' }).finish({ outputTokens: 10 });
    expect(() => trackRequest({ meter }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' })).toThrow(BudgetExceededError);
  });

  it('end() leaves the report to its first reader, with the figures finish() gives', () => {
    const meter = new Meter();
    const tracker = trackRequest({ meter }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' });
    const deferred = tracker.end({ inputTokens: 400, outputTokens: 300, latencyMs: 2000 });
    expect(tracker.finished).toBe(true);
    expect(tracker.end({ outputTokens: 1 })).toBe(deferred);
    expect(deferred.request).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300 });
    const report = deferred.report;
    expect(report).toEqual(estimate(request));
    expect(deferred.report).toBe(report);
    expect(tracker.finish({ outputTokens: 1 })).toBe(report);
    expect(meter.snapshot().totals.energy).toEqual(report.energy);
  });

  it('end() gives the report of the catalog as it was when the request ended', () => {
    const catalog = new Catalog({ base: defaultCatalog });
    // Estimated on a copy: the request's target in `catalog` is first resolved by end().
    const before = estimate(request, { catalog: new Catalog({ base: defaultCatalog }) });
    const deferred = trackRequest({ catalog }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' }).end({ inputTokens: 400, outputTokens: 300, latencyMs: 2000 });
    const zone = catalog.findZone('USA');
    if (zone === undefined) throw new Error('the default catalog has USA');
    catalog.registerZone({ ...zone, gwp: zone.gwp * 10 });
    catalog.registerProvider({ ...catalog.findProvider('openai')!, hardware: 'a100' });
    expect(estimate(request, { catalog }).gwp.value).not.toBe(before.gwp.value);
    expect(deferred.report).toEqual(before);
  });

  it('end() with a hook computes the report at once, for the hook', () => {
    let seen: ImpactReport | undefined;
    const deferred = trackRequest({ onImpact: (report) => (seen = report) }, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' }).end({ outputTokens: 3 });
    expect(seen).toBeDefined();
    expect(deferred.report).toBe(seen);
  });

  it('uses the model the provider reports when given', () => {
    const tracker = trackRequest({}, { provider: 'openai', model: 'gpt-4o', operation: 'responses' });
    expect(tracker.finish({ model: 'gpt-4o-2024-08-06', outputTokens: 5 }).request.model).toBe('gpt-4o-2024-08-06');
  });
});

describe('describeFailure', () => {
  it('keeps the name and an HTTP status, never the message', () => {
    expect(describeFailure(Object.assign(new Error('secret'), { name: 'APIError', status: 503 }))).toEqual({ name: 'APIError', status: 503 });
    expect(describeFailure(Object.assign(new Error('secret'), { statusCode: 404 }))).toEqual({ name: 'Error', status: 404 });
    expect(describeFailure(new DOMException('aborted', 'AbortError'))).toEqual({ name: 'AbortError' });
    expect(describeFailure('a string with secret text')).toEqual({ name: 'string' });
    expect(describeFailure({ status: 'bad' })).toEqual({ name: 'Error' });
    expect(describeFailure(undefined)).toBeUndefined();
  });
});
