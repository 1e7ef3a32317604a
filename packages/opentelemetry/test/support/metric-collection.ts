// Test support: a real OpenTelemetry SDK MeterProvider with a reader the test collects from.
import type { Attributes } from '@opentelemetry/api';
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** A pull reader: the test calls `collect()` when it wants the current cumulative values. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** One collected data point: its attributes and value (a number for sums, a histogram otherwise). */
export interface CollectedPoint<T> {
  readonly attributes: Attributes;
  readonly value: T;
}

export interface Collection {
  readonly resourceMetrics: ResourceMetrics;
  /** The metric of that name, or undefined when nothing was recorded into it. */
  metric(name: string): MetricData | undefined;
  /** Data points of a counter. */
  sums(name: string): CollectedPoint<number>[];
  /** Data points of a histogram. */
  histograms(name: string): CollectedPoint<Histogram>[];
  /** The sum of a counter's data points whose attributes include `where`. */
  total(name: string, where?: Attributes): number;
}

function matches(attributes: Attributes, where: Attributes): boolean {
  return Object.entries(where).every(([key, value]) => attributes[key] === value);
}

/** A real SDK MeterProvider and a function that collects what it aggregated. */
export function collectingMeterProvider(): { provider: MeterProvider; collect: () => Promise<Collection> } {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  const collect = async (): Promise<Collection> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
    const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const metric = (name: string): MetricData | undefined => all.find((candidate) => candidate.descriptor.name === name);
    const sums = (name: string): CollectedPoint<number>[] => {
      const found = metric(name);
      if (found === undefined) return [];
      if (found.dataPointType !== DataPointType.SUM) throw new Error(`${name} is not a sum`);
      return found.dataPoints.map(({ attributes, value }) => ({ attributes, value }));
    };
    const histograms = (name: string): CollectedPoint<Histogram>[] => {
      const found = metric(name);
      if (found === undefined) return [];
      if (found.dataPointType !== DataPointType.HISTOGRAM) throw new Error(`${name} is not a histogram`);
      return found.dataPoints.map(({ attributes, value }) => ({ attributes, value }));
    };
    const total = (name: string, where: Attributes = {}): number => sums(name)
      .filter((point) => matches(point.attributes, where))
      .reduce((sum, point) => sum + point.value, 0);
    return { resourceMetrics, metric, sums, histograms, total };
  };
  return { provider, collect };
}
