import { readFileSync } from 'node:fs';
import type { MeterProvider } from '@opentelemetry/api';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { estimate, InvalidRequestError, Meter, TelemetryExportError, type ImpactReport } from '@wattlens/core';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectingMeterProvider } from '../test/support/metric-collection';
import { impactChat } from '../test/support/impact-chat';
import { IMPACT_INSTRUMENTS, OPERATION_DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from './impact-instruments';
import { ImpactMetrics, type ModelNaming } from './impact-metrics';
import { INSTRUMENTATION_SCOPE_NAME, INSTRUMENTATION_SCOPE_VERSION } from './internal/version';

const J_PER_KWH = 3_600_000;
const PROMPT = 'Summarise the quarterly report of the Zebulon account';

let sim: ProviderSim;

beforeAll(async () => {
  sim = await startProviderSim();
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

describe('ImpactMetrics through an adapter hook (onImpact)', () => {
  it('counts energy, CO2e and water with their ranges, requests, tokens and duration, with GenAI attributes', async () => {
    const { provider, collect } = collectingMeterProvider();
    const impactMetrics = new ImpactMetrics({ meterProvider: provider, tagKeys: ['customer'] });
    const options = { onImpact: impactMetrics.onImpact, tags: { customer: 'acme', user: 'ada' } };
    const reports: ImpactReport[] = [];
    for (const model of ['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o']) {
      const { result, report } = await impactChat(sim.urls.openai, options, { model, messages: [{ role: 'user', content: PROMPT }] });
      expect(result.choices[0]?.message.content).toBeTypeOf('string');
      reports.push(report);
    }
    const collection = await collect();
    const mini = { 'gen_ai.system': 'openai', 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'wattlens.tag.customer': 'acme' };
    const miniReports = reports.filter((report) => report.request.model === 'gpt-4o-mini');
    expect(miniReports).toHaveLength(2);
    const sum = (select: (report: ImpactReport) => number, from = reports): number => from.reduce((total, report) => total + select(report), 0);

    expect(relative(collection.total('wattlens.energy', mini), sum((report) => report.energy.value * J_PER_KWH, miniReports))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.energy'), sum((report) => report.energy.value * J_PER_KWH))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.energy.min'), sum((report) => report.energy.min * J_PER_KWH))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.energy.max'), sum((report) => report.energy.max * J_PER_KWH))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.co2e'), sum((report) => report.gwp.value * 1000))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.co2e.min'), sum((report) => report.gwp.min * 1000))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.co2e.max'), sum((report) => report.gwp.max * 1000))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.water'), sum((report) => report.water.value))).toBeLessThan(1e-12);
    expect(relative(collection.total('wattlens.water.max'), sum((report) => report.water.max))).toBeLessThan(1e-12);
    expect(collection.total('wattlens.energy.min')).toBeLessThan(collection.total('wattlens.energy'));
    expect(collection.total('wattlens.energy')).toBeLessThan(collection.total('wattlens.energy.max'));

    expect(collection.total('wattlens.requests', { 'wattlens.request.status': 'completed' })).toBe(3);
    expect(collection.total('wattlens.requests', { 'gen_ai.request.model': 'gpt-4o' })).toBe(1);

    const tokens = collection.histograms('gen_ai.client.token.usage');
    const input = tokens.filter((point) => point.attributes['gen_ai.token.type'] === 'input');
    const output = tokens.filter((point) => point.attributes['gen_ai.token.type'] === 'output');
    expect(input.reduce((total, point) => total + (point.value.sum ?? 0), 0)).toBe(sum((report) => report.request.inputTokens));
    expect(output.reduce((total, point) => total + (point.value.sum ?? 0), 0)).toBe(sum((report) => report.request.outputTokens));
    expect(input.reduce((total, point) => total + point.value.count, 0)).toBe(3);
    expect(input[0]?.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);

    const durations = collection.histograms('gen_ai.client.operation.duration');
    expect(durations.reduce((total, point) => total + point.value.count, 0)).toBe(3);
    const seconds = durations.reduce((total, point) => total + (point.value.sum ?? 0), 0);
    expect(relative(seconds, sum((report) => (report.request.latencyMs ?? 0) / 1000))).toBeLessThan(1e-9);
    expect(durations[0]?.value.buckets.boundaries).toEqual(OPERATION_DURATION_BUCKETS);
    expect(collection.metric('gen_ai.client.operation.duration')?.descriptor.unit).toBe('s');
    expect(collection.metric('wattlens.energy')?.descriptor.unit).toBe('J');
    expect(collection.metric('wattlens.co2e')?.descriptor.unit).toBe('g');
    expect(collection.metric('wattlens.water')?.descriptor.unit).toBe('L');
    expect(collection.resourceMetrics.scopeMetrics[0]?.scope).toMatchObject({ name: INSTRUMENTATION_SCOPE_NAME, version: INSTRUMENTATION_SCOPE_VERSION });

    // Tags not allow-listed never become attributes; no attribute holds the prompt.
    const attributes = IMPACT_INSTRUMENTS.flatMap((instrument) => [
      ...collection.sums(instrument.kind === 'counter' ? instrument.name : '').map((point) => point.attributes),
      ...collection.histograms(instrument.kind === 'histogram' ? instrument.name : '').map((point) => point.attributes),
    ]);
    expect(attributes.length).toBeGreaterThan(10);
    for (const set of attributes) {
      expect(Object.keys(set)).not.toContain('wattlens.tag.user');
      expect(JSON.stringify(set)).not.toContain('Zebulon');
    }
  });

  it('records failed requests with error.type and status, and their energy', async () => {
    const { provider, collect } = collectingMeterProvider();
    const impactMetrics = new ImpactMetrics({ meterProvider: provider });
    const failure = impactChat(sim.urls.openai, { onImpact: impactMetrics.onImpact }, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] }, {}, {
      headers: { 'x-sim-fault': 'status:500' },
    });
    await expect(failure).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const collection = await collect();
    const [point] = collection.sums('wattlens.requests');
    expect(point?.attributes).toMatchObject({ 'wattlens.request.status': 'failed', 'error.type': '500', 'gen_ai.request.model': 'gpt-4o-mini' });
    expect(point?.value).toBe(1);
    const [duration] = collection.histograms('gen_ai.client.operation.duration');
    expect(duration?.attributes['error.type']).toBe('500');
    // The counters have no status attribute: failed and completed requests add up on one series.
    expect(collection.sums('wattlens.energy')[0]?.attributes).not.toHaveProperty('error.type');
  });
});

describe('ImpactMetrics attached to a Meter', () => {
  it('exports every record of the meter and its children once, and stops when detached', () => {
    const { provider, collect } = collectingMeterProvider();
    const meter = new Meter();
    const impactMetrics = new ImpactMetrics({ meterProvider: provider, tagKeys: ['feature'] });
    const detach = impactMetrics.attach(meter);
    expect(impactMetrics.attach(meter)).toBe(detach);
    const search = meter.child({ feature: 'search' });
    meter.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 300, latencyMs: 2000 }), { operation: 'chat' });
    search.record(estimate({ provider: 'mistral', model: 'mistral-embed', inputTokens: 800, modality: 'embedding' }));
    search.record(estimate({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 50, outputTokens: 60 }), { operation: 'conversations', status: 'aborted' });
    return collect().then(async (collection) => {
      const totals = meter.snapshot().totals;
      expect(totals.requests).toBe(3);
      expect(collection.total('wattlens.requests')).toBe(3);
      expect(relative(collection.total('wattlens.energy'), totals.energy.value * J_PER_KWH)).toBeLessThan(1e-12);
      expect(relative(collection.total('wattlens.co2e.max'), totals.gwp.max * 1000)).toBeLessThan(1e-12);
      expect(relative(collection.total('wattlens.water.min'), totals.water.min)).toBeLessThan(1e-12);
      expect(collection.total('wattlens.requests', { 'gen_ai.system': 'mistral_ai', 'gen_ai.operation.name': 'embeddings', 'wattlens.tag.feature': 'search' })).toBe(1);
      expect(collection.total('wattlens.requests', { 'gen_ai.operation.name': 'chat', 'wattlens.request.status': 'aborted', 'error.type': 'aborted' })).toBe(1);
      // Only requests with a latency have a duration.
      expect(collection.histograms('gen_ai.client.operation.duration').reduce((total, point) => total + point.value.count, 0)).toBe(1);

      detach();
      meter.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 300 }));
      expect((await collect()).total('wattlens.requests')).toBe(3);
    });
  });
});

describe('label cardinality', () => {
  it('caps the values of each attribute and folds the rest into (other)', async () => {
    const { provider, collect } = collectingMeterProvider();
    const meter = new Meter();
    new ImpactMetrics({ meterProvider: provider, tagKeys: ['customer'], maxValuesPerAttribute: 2 }).attach(meter);
    const report = estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 10 });
    for (const customer of ['c1', 'c2', 'c3', 'c4', 'c1']) meter.record(report, { tags: { customer } });
    meter.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 10 }));
    meter.record(estimate({ provider: 'openai', model: 'o3', inputTokens: 10, outputTokens: 10 }));
    const collection = await collect();
    const customers = new Set(collection.sums('wattlens.requests').map((point) => point.attributes['wattlens.tag.customer']));
    expect(customers).toEqual(new Set(['c1', 'c2', '(other)', undefined]));
    expect(collection.total('wattlens.requests', { 'wattlens.tag.customer': '(other)' })).toBe(2);
    expect(collection.total('wattlens.requests', { 'wattlens.tag.customer': 'c1' })).toBe(2);
    const models = new Set(collection.sums('wattlens.energy').map((point) => point.attributes['gen_ai.request.model']));
    expect(models).toEqual(new Set(['gpt-4o-mini', 'gpt-4o', '(other)']));
    expect(collection.total('wattlens.requests')).toBe(7);
  });

  it('names models as requested, as the catalog resolves them, or with a function', async () => {
    const dated = estimate({ provider: 'openai', model: 'gpt-4o-2024-08-06', inputTokens: 10, outputTokens: 10 });
    const unknown = estimate({ provider: 'openai', model: 'ft:my-own-model', inputTokens: 10, outputTokens: 10 });
    const modelsWith = async (model?: ModelNaming): Promise<Set<unknown>> => {
      const { provider, collect } = collectingMeterProvider();
      const impactMetrics = new ImpactMetrics({ meterProvider: provider, ...(model === undefined ? {} : { model }) });
      impactMetrics.record(dated);
      impactMetrics.record(unknown);
      return new Set((await collect()).sums('wattlens.requests').map((point) => point.attributes['gen_ai.request.model']));
    };
    expect(await modelsWith()).toEqual(new Set(['gpt-4o-2024-08-06', 'ft:my-own-model']));
    expect(await modelsWith('catalog')).toEqual(new Set(['gpt-4o', 'ft:my-own-model']));
    expect(await modelsWith((model) => model.replace(/^ft:.*$/, 'fine-tuned'))).toEqual(new Set(['gpt-4o-2024-08-06', 'fine-tuned']));
  });
});

describe('semantic conventions', () => {
  it('uses gen_ai.system by default and gen_ai.provider.name when opted in', async () => {
    const report = estimate({ provider: 'mistral', model: 'mistral-large-latest', inputTokens: 10, outputTokens: 10 });
    const keysWith = async (options: { semanticConventions?: '1.36' | 'latest' }): Promise<string[]> => {
      const { provider, collect } = collectingMeterProvider();
      new ImpactMetrics({ meterProvider: provider, ...options }).record(report, { operation: 'fim' });
      const [point] = (await collect()).sums('wattlens.energy');
      expect(point?.attributes['gen_ai.operation.name']).toBe('text_completion');
      return Object.keys(point?.attributes ?? {});
    };
    expect(await keysWith({})).toContain('gen_ai.system');
    expect(await keysWith({ semanticConventions: 'latest' })).toContain('gen_ai.provider.name');
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'http, gen_ai_latest_experimental');
    const latest = await keysWith({});
    expect(latest).toContain('gen_ai.provider.name');
    expect(latest).not.toContain('gen_ai.system');
    expect(await keysWith({ semanticConventions: '1.36' })).toContain('gen_ai.system');
  });

  it('is written with the Prometheus names the documentation and the dashboard use', async () => {
    const { provider, collect } = collectingMeterProvider();
    new ImpactMetrics({ meterProvider: provider, tagKeys: ['customer'] }).record(
      estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 100, outputTokens: 100, latencyMs: 1200 }),
      { operation: 'chat', tags: { customer: 'acme' } },
    );
    const text = new PrometheusSerializer().serialize((await collect()).resourceMetrics);
    for (const instrument of IMPACT_INSTRUMENTS) {
      const series = instrument.kind === 'counter' ? [instrument.prometheusName] : ['_bucket', '_sum', '_count'].map((suffix) => instrument.prometheusName + suffix);
      for (const name of series) expect(text).toMatch(new RegExp(`^${name}\\{`, 'm'));
    }
    expect(text).toMatch(/^wattlens_energy_total\{gen_ai_system="openai",gen_ai_operation_name="chat",gen_ai_request_model="gpt-4o",wattlens_tag_customer="acme",/m);
    expect(text).toContain('# UNIT wattlens_energy_total J');
  });
});

describe('failure isolation', () => {
  function brokenMeterProvider(): MeterProvider {
    const fail = (): never => {
      throw new RangeError('instrument storage is full');
    };
    const instrument = { add: fail, record: fail };
    return { getMeter: () => ({ createCounter: () => instrument, createHistogram: () => instrument }) } as unknown as MeterProvider;
  }

  it('never breaks a request when the meter provider throws, and reports it', async () => {
    const errors: TelemetryExportError[] = [];
    const impactMetrics = new ImpactMetrics({ meterProvider: brokenMeterProvider(), onError: (error) => errors.push(error) });
    const meter = new Meter();
    const listenerErrors: unknown[] = [];
    meter.on('listener-error', ({ error }) => listenerErrors.push(error));
    impactMetrics.attach(meter);
    const { result, report } = await impactChat(sim.urls.openai, { meter }, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] });
    expect(result.usage?.completion_tokens).toBeGreaterThan(0);
    expect(report.energy.value).toBeGreaterThan(0);
    expect(meter.snapshot().totals.requests).toBe(1);
    expect(listenerErrors).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(TelemetryExportError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ stage: 'record', reason: 'RangeError', code: 'telemetry-export-failed' });
    expect(errors[0]?.message).toMatch(/requests were not affected/);
  });

  it('warns once on the console without onError, and survives a throwing onError', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const report = estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 1, outputTokens: 1 });
    const silent = new ImpactMetrics({ meterProvider: brokenMeterProvider() });
    silent.record(report);
    silent.record(report);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/\[wattlens\].*record stage \(RangeError\)/);
    const throwing = new ImpactMetrics({ meterProvider: brokenMeterProvider(), onError: () => { throw new Error('handler bug'); } });
    expect(() => throwing.record(report)).not.toThrow();
  });

  it('reports a throwing model-naming function and records nothing for that request', async () => {
    const { provider, collect } = collectingMeterProvider();
    const errors: TelemetryExportError[] = [];
    const impactMetrics = new ImpactMetrics({ meterProvider: provider, model: () => { throw new SyntaxError('bad pattern'); }, onError: (error) => errors.push(error) });
    impactMetrics.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 1, outputTokens: 1 }));
    expect(errors.map((error) => error.reason)).toEqual(['SyntaxError']);
    expect((await collect()).total('wattlens.requests')).toBe(0);
  });

  it('rejects malformed options when constructed, not on the request path', () => {
    expect(() => new ImpactMetrics({ tagKeys: ['ok', ''] })).toThrow(InvalidRequestError);
    expect(() => new ImpactMetrics({ maxValuesPerAttribute: 0 })).toThrow(/maxValuesPerAttribute/);
    expect(() => new ImpactMetrics({ model: 'latest' as never })).toThrow(InvalidRequestError);
    expect(() => new ImpactMetrics({ semanticConventions: '1.37' as never })).toThrow(InvalidRequestError);
  });
});

it('declares the version of package.json as its instrumentation scope version', () => {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  expect(INSTRUMENTATION_SCOPE_VERSION).toBe(packageJson.version);
  expect(INSTRUMENTATION_SCOPE_NAME).toBe(packageJson.name);
});
