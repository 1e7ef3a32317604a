import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { estimate, InvalidRequestError, Meter, TelemetryExportError } from '@wattlens/core';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectingMeterProvider } from '../test/support/metric-collection';
import { impactChat } from '../test/support/impact-chat';
import { guardMetricExporter, type MetricExportResult } from './guard-metric-exporter';
import { ImpactMetrics } from './impact-metrics';

let sim: ProviderSim;

beforeAll(async () => {
  sim = await startProviderSim();
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Real metrics to export: a request recorded through a real SDK. */
async function someMetrics(): Promise<ResourceMetrics> {
  const { provider, collect } = collectingMeterProvider();
  new ImpactMetrics({ meterProvider: provider }).record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 10 }));
  return (await collect()).resourceMetrics;
}

/** An exporter whose export does what the test says. */
function exporterThat(behaviour: (metrics: ResourceMetrics, done: (result: MetricExportResult) => void) => void): PushMetricExporter {
  return {
    export: behaviour,
    forceFlush: () => Promise.reject(new Error('flush refused')),
    shutdown: () => Promise.resolve(),
  };
}

function exportWith(exporter: ReturnType<typeof guardMetricExporter<PushMetricExporter>>, metrics: ResourceMetrics): Promise<MetricExportResult> {
  return new Promise((resolve) => exporter.export(metrics, resolve));
}

describe('guardMetricExporter', () => {
  it('passes successful exports through without reporting anything', async () => {
    const inner = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const errors: TelemetryExportError[] = [];
    const guarded = guardMetricExporter(inner, { onError: (error) => errors.push(error) });
    const result = await exportWith(guarded, await someMetrics());
    expect(result.code).toBe(0);
    expect(inner.getMetrics()).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(guarded.selectAggregationTemporality?.(0 as never)).toBe(AggregationTemporality.CUMULATIVE);
  });

  it('turns a throwing, failing or silent exporter into a failed result and reports it', async () => {
    vi.useFakeTimers();
    const metrics = await someMetrics();
    const errors: TelemetryExportError[] = [];
    const onError = (error: TelemetryExportError): number => errors.push(error);

    const throwing = guardMetricExporter(exporterThat(() => { throw new TypeError('serializer bug'); }), { onError });
    expect((await exportWith(throwing, metrics)).code).toBe(1);

    const failing = guardMetricExporter(exporterThat((_, done) => done({ code: 1, error: Object.assign(new Error('503 from collector'), { name: 'OTLPExporterError' }) })), { onError });
    expect((await exportWith(failing, metrics)).code).toBe(1);

    const quiet = guardMetricExporter(exporterThat((_, done) => done({ code: 1 })), { onError });
    expect((await exportWith(quiet, metrics)).code).toBe(1);

    let late: ((result: MetricExportResult) => void) | undefined;
    const hanging = guardMetricExporter(exporterThat((_, done) => { late = done; }), { onError, timeoutMillis: 5_000 });
    const pending = exportWith(hanging, metrics);
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await pending).code).toBe(1);
    late?.({ code: 0 }); // an answer after the timeout is ignored

    expect(errors.map((error) => [error.stage, error.reason])).toEqual([
      ['export', 'TypeError'],
      ['export', 'OTLPExporterError'],
      ['export', 'failed-result'],
      ['export', 'timeout'],
    ]);
    expect(errors.every((error) => TelemetryExportError.isInstance(error))).toBe(true);
    expect(errors[3]?.message).toMatch(/requests were not affected/);
  });

  it('never rejects forceFlush or shutdown, and reports their failures', async () => {
    vi.useFakeTimers();
    const errors: TelemetryExportError[] = [];
    const guarded = guardMetricExporter({
      export: (_: ResourceMetrics, done: (result: MetricExportResult) => void) => done({ code: 0 }),
      forceFlush: () => Promise.reject(new Error('flush refused')),
      shutdown: () => new Promise<void>(() => {}),
    }, { onError: (error) => errors.push(error), timeoutMillis: 1_000 });
    await expect(guarded.forceFlush()).resolves.toBeUndefined();
    const shutdown = guarded.shutdown();
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(shutdown).resolves.toBeUndefined();
    expect(errors.map((error) => [error.stage, error.reason])).toEqual([['force-flush', 'Error'], ['shutdown', 'timeout']]);
  });

  it('rejects a timeout that is not a positive number', () => {
    expect(() => guardMetricExporter(new InMemoryMetricExporter(AggregationTemporality.DELTA), { timeoutMillis: 0 })).toThrow(InvalidRequestError);
  });

  it('keeps requests and the other readers working while an exporter fails', async () => {
    const errors: TelemetryExportError[] = [];
    const failingReader = new PeriodicExportingMetricReader({
      exporter: guardMetricExporter(exporterThat(() => { throw new Error('collector unreachable'); }), { onError: (error) => errors.push(error) }),
      exportIntervalMillis: 3_600_000,
    });
    const healthy = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const healthyReader = new PeriodicExportingMetricReader({ exporter: healthy, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [failingReader, healthyReader] });
    const meter = new Meter();
    new ImpactMetrics({ meterProvider: provider }).attach(meter);
    for (let index = 0; index < 3; index += 1) {
      const { result } = await impactChat(sim.urls.openai, { meter }, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Question ${index}` }] });
      expect(result.choices).toHaveLength(1);
    }
    await provider.forceFlush();
    expect(errors.map((error) => error.stage)).toContain('export');
    const exported = healthy.getMetrics().at(-1)?.scopeMetrics.flatMap((scope) => scope.metrics) ?? [];
    const requests = exported.find((metric) => metric.descriptor.name === 'wattlens.requests');
    expect(requests?.dataPoints.reduce((total, point) => total + Number(point.value), 0)).toBe(3);
    expect(meter.snapshot().totals.requests).toBe(3);
    await provider.shutdown();
  });
});
