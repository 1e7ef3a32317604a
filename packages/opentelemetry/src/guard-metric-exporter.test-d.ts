import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { ImpactOptions, OnImpact } from '@wattlens/core';
import { expectTypeOf, it } from 'vitest';
import { guardMetricExporter } from './guard-metric-exporter';
import { ImpactMetrics } from './impact-metrics';

it('gives back an exporter the SDK reader accepts', () => {
  const guarded = guardMetricExporter(new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE));
  expectTypeOf(guarded).toExtend<PushMetricExporter>();
  expectTypeOf(new PeriodicExportingMetricReader({ exporter: guarded })).toEqualTypeOf<PeriodicExportingMetricReader>();
  // Not an exporter: rejected at compile time.
  // @ts-expect-error a reader is not a push exporter
  guardMetricExporter({ collect: () => Promise.resolve() });
});

it('plugs into an adapter as its onImpact hook', () => {
  const impactMetrics = new ImpactMetrics();
  expectTypeOf(impactMetrics.onImpact).toEqualTypeOf<OnImpact>();
  expectTypeOf({ onImpact: impactMetrics.onImpact }).toExtend<ImpactOptions>();
});
