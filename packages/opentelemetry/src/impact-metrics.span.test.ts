import { context, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { estimate, TelemetryExportError, type ImpactReport } from '@wattlens/core';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectingMeterProvider } from '../test/support/metric-collection';
import { impactChat } from '../test/support/impact-chat';
import { ImpactMetrics } from './impact-metrics';

let sim: ProviderSim;
let exporter: InMemorySpanExporter;
let tracerProvider: BasicTracerProvider;
let contextManager: AsyncLocalStorageContextManager;

beforeAll(async () => {
  sim = await startProviderSim();
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  exporter = new InMemorySpanExporter();
  tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
});

afterEach(async () => {
  await tracerProvider.shutdown();
  context.disable();
});

describe('span attributes', () => {
  it('adds the impact of every request made under the active span to it, summed', async () => {
    const { provider } = collectingMeterProvider();
    const impactMetrics = new ImpactMetrics({ meterProvider: provider, spanAttributes: true });
    const tracer = tracerProvider.getTracer('test');
    const reports: ImpactReport[] = [];
    await tracer.startActiveSpan('POST /answer', async (span) => {
      for (const model of ['gpt-4o-mini', 'gpt-4o']) {
        const { report } = await impactChat(sim.urls.openai, { onImpact: impactMetrics.onImpact }, { model, messages: [{ role: 'user', content: 'Name three rivers' }] });
        reports.push(report);
      }
      span.end();
    });
    // A request outside any span adds to no span.
    await impactChat(sim.urls.openai, { onImpact: impactMetrics.onImpact }, { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const attributes = spans[0]?.attributes ?? {};
    const joules = (select: (report: ImpactReport) => number): number => reports.reduce((total, report) => total + select(report), 0) * 3_600_000;
    expect(attributes['wattlens.requests']).toBe(2);
    expect(attributes['wattlens.energy']).toBeCloseTo(joules((report) => report.energy.value), 9);
    expect(attributes['wattlens.energy.min']).toBeCloseTo(joules((report) => report.energy.min), 9);
    expect(attributes['wattlens.energy.max']).toBeCloseTo(joules((report) => report.energy.max), 9);
    expect(attributes['wattlens.co2e']).toBeCloseTo(reports.reduce((total, report) => total + report.gwp.value, 0) * 1000, 9);
    expect(attributes['wattlens.water.max']).toBeCloseTo(reports.reduce((total, report) => total + report.water.max, 0), 9);
    expect(JSON.stringify(attributes)).not.toMatch(/rivers/);
  });

  it('leaves spans alone unless asked, and skips spans that are not recording', async () => {
    const { provider } = collectingMeterProvider();
    const tracer = tracerProvider.getTracer('test');
    const report = estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 100, outputTokens: 100 });
    tracer.startActiveSpan('quiet', (span) => {
      new ImpactMetrics({ meterProvider: provider }).record(report);
      span.end();
    });
    const ended = tracer.startSpan('ended');
    ended.end();
    context.with(trace.setSpan(context.active(), ended), () => new ImpactMetrics({ meterProvider: provider, spanAttributes: true }).record(report));
    const [quiet, late] = exporter.getFinishedSpans();
    expect(Object.keys(quiet?.attributes ?? {})).toEqual([]);
    expect(Object.keys(late?.attributes ?? {})).toEqual([]);
  });

  it('reports a span that throws, and still records the metrics', async () => {
    const { provider, collect } = collectingMeterProvider();
    const errors: TelemetryExportError[] = [];
    const impactMetrics = new ImpactMetrics({ meterProvider: provider, spanAttributes: true, onError: (error) => errors.push(error) });
    const tracer = tracerProvider.getTracer('test');
    const span = tracer.startSpan('broken');
    const broken: Span = Object.assign(Object.create(span) as Span, {
      isRecording: () => true,
      setAttributes: () => {
        throw new TypeError('span is frozen');
      },
    });
    context.with(trace.setSpan(context.active(), broken), () => {
      impactMetrics.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 100, outputTokens: 100 }));
    });
    span.end();
    expect(errors.map((error) => [error.stage, error.reason])).toEqual([['span', 'TypeError']]);
    expect((await collect()).total('wattlens.requests')).toBe(1);
  });
});
