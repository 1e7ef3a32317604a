import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultCatalog, estimate, Meter, toImpactRecord, type EstimateOptions, type ImpactRecord, type Range } from '@wattlens/core';
import { carbonForZone } from '../carbon-for-zone';
import { DashboardModel, pricedGridIntensity, type ModelChange } from './dashboard-model';

const NOW = Date.parse('2026-11-28T10:00:00Z');

function model(overrides: Partial<ConstructorParameters<typeof DashboardModel>[0]> = {}): DashboardModel {
  return new DashboardModel({ catalog: defaultCatalog, feedSize: 3, bucketMs: 5_000, buckets: 12, sources: { meter: true }, ...overrides });
}

function record(provider: string, modelId: string, options: EstimateOptions = {}, time = Date.now(), tokens = { inputTokens: 400, outputTokens: 300 }): ImpactRecord {
  return toImpactRecord(estimate({ provider, model: modelId, ...tokens, latencyMs: 4000 }, options), { operation: 'chat' }, time);
}

function expectRangeClose(actual: Range, expected: Range): void {
  for (const bound of ['value', 'min', 'max'] as const) {
    expect(actual[bound]).toBeGreaterThan(0);
    expect(Math.abs(actual[bound] - expected[bound]) / expected[bound]).toBeLessThan(1e-9);
  }
}

function sum(records: readonly ImpactRecord[], pick: (record: ImpactRecord) => Range): Range {
  return records.reduce((total, item) => ({ value: total.value + pick(item).value, min: total.min + pick(item).min, max: total.max + pick(item).max }), { value: 0, min: 0, max: 0 });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('DashboardModel', () => {
  it('sums totals and breaks them down by provider and model', () => {
    const dashboard = model();
    const records = [record('openai', 'gpt-4o'), record('openai', 'gpt-4o-mini'), record('mistral', 'mistral-small-latest')];
    for (const item of records) dashboard.add(item);
    const snapshot = dashboard.snapshot();
    expect(snapshot.totals.requests).toBe(3);
    expectRangeClose(snapshot.totals.energy, sum(records, (item) => item.energy));
    expectRangeClose(snapshot.totals.water, sum(records, (item) => item.water));
    expect(Object.keys(snapshot.byProvider).sort()).toEqual(['mistral', 'openai']);
    expect(snapshot.byProvider['openai']?.requests).toBe(2);
    expect(snapshot.byModel['mistral/mistral-small-latest']?.requests).toBe(1);
    expect(snapshot.lastMinute.requests).toBe(3);
    expect(snapshot.equivalents.find((equivalent) => equivalent.id === 'petrol-car-km')?.amount.value)
      .toBeCloseTo(snapshot.totals.gwp.value / 0.2176, 12);
  });

  it('recomputes carbon for another grid exactly as estimate() prices that grid', () => {
    const dashboard = model();
    const tokens = [{ inputTokens: 400, outputTokens: 300 }, { inputTokens: 3000, outputTokens: 50 }, { inputTokens: 10, outputTokens: 2000 }];
    const requests = [
      { provider: 'openai', model: 'gpt-4o', zone: 'USA' },
      { provider: 'mistral', model: 'mistral-large-latest', zone: 'SWE' },
      { provider: 'huggingface', model: 'meta-llama/Llama-3.1-8B-Instruct', zone: 'DEU' },
    ];
    requests.forEach((request, index) => dashboard.add(record(request.provider, request.model, { zone: request.zone }, Date.now(), tokens[index])));
    const { carbon } = dashboard.snapshot();
    for (const zone of ['FRA', 'POL', 'WOR']) {
      const factor = defaultCatalog.findZone(zone)?.gwp ?? Number.NaN;
      const expected = requests.map((request, index) => record(request.provider, request.model, { zone }, Date.now(), tokens[index]));
      expectRangeClose(carbonForZone(carbon.totals, factor), sum(expected, (item) => item.gwp));
      const openai = carbonForZone(carbon.byProvider['openai'] ?? carbon.totals, factor);
      expectRangeClose(openai, expected[0]?.gwp ?? openai);
      expectRangeClose(carbonForZone(carbon.byModel['mistral/mistral-large-latest'] ?? carbon.totals, factor), expected[1]?.gwp ?? openai);
    }
    expect(carbon.requestsByZone).toEqual({ USA: 1, SWE: 1, DEU: 1 });
  });

  it('gives back the measured carbon for the grid each record was priced on, EcoLogits factors included', () => {
    for (const methodology of ['wattlens', 'ecologits'] as const) {
      const dashboard = model();
      const item = record('openai', 'gpt-4o-mini', { methodology, zone: 'FRA' });
      dashboard.add(item);
      const intensity = pricedGridIntensity(item, defaultCatalog) ?? Number.NaN;
      const france = defaultCatalog.findZone('FRA');
      expect(intensity).toBe(methodology === 'ecologits' ? france?.ecologits?.gwp : france?.gwp);
      expectRangeClose(carbonForZone(dashboard.snapshot().carbon.totals, intensity), item.gwp);
    }
  });

  it('keeps records of a zone it does not know at their measured carbon, and says how many', () => {
    const dashboard = model();
    const known = record('openai', 'gpt-4o-mini');
    const unknown: ImpactRecord = { ...record('openai', 'gpt-4o-mini'), zone: 'XXX' };
    dashboard.add(known);
    dashboard.add(unknown);
    const { carbon } = dashboard.snapshot();
    expect(carbon.totals.unknownZoneRequests).toBe(1);
    expect(carbon.totals.requests).toBe(2);
    const zero = carbonForZone(carbon.totals, 0);
    expect(zero.value).toBeGreaterThan(unknown.gwp.value);
    expect(zero.value).toBeLessThan(unknown.gwp.value + known.gwp.value);
  });

  it('adds a meter\'s history as a baseline, its carbon kept as measured', () => {
    const meter = new Meter();
    const report = estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 100, outputTokens: 100 });
    meter.record(report);
    meter.record(report);
    const dashboard = model();
    dashboard.addBaseline(meter.snapshot());
    dashboard.add(record('openai', 'gpt-4o'));
    const snapshot = dashboard.snapshot();
    expect(snapshot.totals.requests).toBe(3);
    expect(snapshot.byProvider['openai']?.requests).toBe(3);
    expect(snapshot.byModel['openai/gpt-4o']?.requests).toBe(3);
    expect(snapshot.carbon.totals.unknownZoneRequests).toBe(2);
    expect(snapshot.carbon.byProvider['openai']?.unknownZoneRequests).toBe(2);
    expect(snapshot.feed).toHaveLength(1);
  });

  it('merges a baseline whose provider is named __proto__ as any other', () => {
    const meter = new Meter();
    meter.record(estimate({ provider: '__proto__', model: 'gpt-4o', inputTokens: 100, outputTokens: 100 }));
    const dashboard = model();
    dashboard.addBaseline(meter.snapshot());
    dashboard.addBaseline(meter.snapshot());
    const { byProvider } = dashboard.snapshot();
    expect(Object.getPrototypeOf(byProvider)).toBe(Object.prototype);
    expect(Object.keys(byProvider)).toEqual(['__proto__']);
    expect(Object.hasOwn(byProvider, '__proto__') && byProvider['__proto__']?.requests).toBe(2);
  });

  it('keeps the latest requests, newest first, up to feedSize', () => {
    const dashboard = model();
    const models = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini'];
    for (const id of models) dashboard.add(record('openai', id));
    expect(dashboard.snapshot().feed.map((item) => item.model)).toEqual(['gpt-4.1-mini', 'gpt-4.1', 'gpt-4o-mini']);
  });

  it('places records in time buckets over the last minutes, and drops what falls out', () => {
    const dashboard = model();
    dashboard.add(record('openai', 'gpt-4o', {}, NOW - 2_000));
    dashboard.add(record('openai', 'gpt-4o', {}, NOW - 1_000));
    dashboard.add(record('openai', 'gpt-4o', {}, NOW - 26_000));
    dashboard.add(record('openai', 'gpt-4o', {}, NOW - 3_600_000));
    let { series } = dashboard.snapshot();
    expect(series.points).toHaveLength(12);
    expect(series.points.at(-1)?.time).toBe(NOW);
    expect(series.points.at(-2)?.requests).toBe(2);
    expect(series.points.at(-7)?.requests).toBe(1);
    expect(series.points.reduce((total, point) => total + point.requests, 0)).toBe(3);
    expect(dashboard.snapshot().totals.requests).toBe(4);

    vi.advanceTimersByTime(40_000);
    series = dashboard.snapshot().series;
    expect(series.points.reduce((total, point) => total + point.requests, 0)).toBe(2);
    vi.advanceTimersByTime(30_000);
    expect(dashboard.snapshot().series.points.every((point) => point.requests === 0)).toBe(true);
    expect(dashboard.snapshot().lastMinute.requests).toBe(0);
  });

  it('evaluates budgets given as options, and keeps the latest alerts', () => {
    const dashboard = model({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-9, window: 'day' }] });
    dashboard.add(record('openai', 'gpt-4o'));
    const [status] = dashboard.snapshot().budgets;
    expect(status).toMatchObject({ name: 'tiny', state: 'exceeded' });
    for (let index = 0; index < 25; index += 1) dashboard.addAlert('budget-warning', { ...status!, name: `budget-${index}` });
    const { alerts } = dashboard.snapshot();
    expect(alerts).toHaveLength(20);
    expect(alerts[0]).toMatchObject({ kind: 'budget-warning', name: 'budget-24', metric: 'energy' });
    expect(alerts[0]).not.toHaveProperty('record');
  });

  it('keeps only the exceeded alert when one request crosses both thresholds', () => {
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-9, window: 'day', per: 'user' }] });
    const dashboard = model();
    meter.on('budget-warning', (event) => dashboard.addAlert('budget-warning', event));
    meter.on('budget-exceeded', (event) => dashboard.addAlert('budget-exceeded', event));
    const request = estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 10 });
    meter.record(request, { tags: { user: 'ada' } });
    meter.record(request, { tags: { user: 'bob' } });
    const { alerts } = dashboard.snapshot();
    expect(alerts.map((alert) => [alert.kind, alert.tag?.value])).toEqual([['budget-exceeded', 'bob'], ['budget-exceeded', 'ada']]);

    const warnings = model();
    const status = { ...meter.snapshot().budgets[0]!, state: 'warning' as const, spent: 1, fraction: 0.9 };
    warnings.addAlert('budget-warning', status);
    warnings.addAlert('budget-exceeded', { ...status, state: 'exceeded', spent: 2, fraction: 1.1 });
    expect(warnings.snapshot().alerts.map((alert) => alert.kind)).toEqual(['budget-exceeded', 'budget-warning']);
  });

  it('notifies listeners of records, alerts and skipped lines, and survives a failing listener', () => {
    const dashboard = model();
    const changes: ModelChange['kind'][] = [];
    dashboard.subscribe(() => {
      throw new Error('closed socket');
    });
    const stop = dashboard.subscribe((change) => changes.push(change.kind));
    dashboard.add(record('openai', 'gpt-4o'));
    dashboard.skipLine();
    stop();
    dashboard.skipLine();
    expect(changes).toEqual(['record', 'other']);
    expect(dashboard.snapshot().skippedLines).toBe(2);
  });

  it('produces plain JSON', () => {
    const dashboard = model();
    dashboard.add(record('openai', 'gpt-4o'));
    const snapshot = dashboard.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});
