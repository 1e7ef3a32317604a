import { InvalidRequestError, type TelemetryExportStage } from '@wattlens/core';
import { reasonOf, TelemetryErrorReporter } from './internal/telemetry-error-reporter';
import type { TelemetryErrorHandler } from './telemetry-error-handler';

/**
 * `ExportResultCode` of `@opentelemetry/core` (packages/opentelemetry-core/src/ExportResult.ts in
 * open-telemetry/opentelemetry-js): SUCCESS = 0, FAILED = 1.
 */
const SUCCESS = 0;
const FAILED = 1;

/** The result an OpenTelemetry exporter passes to its callback (`ExportResult`). */
export interface MetricExportResult {
  readonly code: number;
  readonly error?: Error;
}

/**
 * What {@link guardMetricExporter} wraps: a push metric exporter of `@opentelemetry/sdk-metrics`
 * (`PushMetricExporter`: OTLP, console, in-memory, or your own), described by its shape so that
 * this package does not depend on the SDK.
 */
export interface GuardableMetricExporter {
  /** `export(metrics, resultCallback)`: calls back once with a {@link MetricExportResult}. */
  export(...args: never[]): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
  selectAggregationTemporality?(...args: never[]): unknown;
  selectAggregation?(...args: never[]): unknown;
}

type GuardedKey = 'export' | 'forceFlush' | 'shutdown' | 'selectAggregationTemporality' | 'selectAggregation';

/** The exporter {@link guardMetricExporter} returns: the wrapped exporter's own methods, guarded. */
export type GuardedMetricExporter<E extends GuardableMetricExporter> = Pick<E, Extract<keyof E, GuardedKey>>;

/** Options of {@link guardMetricExporter}. */
export interface GuardMetricExporterOptions {
  /**
   * Receives each failure as a `TelemetryExportError`: stage `export` (reason: the thrown class
   * name, `failed-result` or `timeout`), `force-flush` or `shutdown`.
   * @default one console warning per stage
   */
  readonly onError?: TelemetryErrorHandler;
  /**
   * How long an export, flush or shutdown may take before it counts as failed (the reader is told
   * so and moves on). Keep it at or below the reader's `exportTimeoutMillis`.
   * @default 30000
   */
  readonly timeoutMillis?: number;
}

function startTimer(milliseconds: number, onTimeout: () => void): ReturnType<typeof setTimeout> {
  const timer = setTimeout(onTimeout, milliseconds);
  // A hung exporter must not keep the process alive.
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * Wraps an OpenTelemetry push metric exporter so that its failures are isolated and reported:
 * an export that throws, rejects, reports a failure or never answers resolves as failed for the
 * SDK (which keeps running and retries at the next interval) and is reported to `onError`;
 * `forceFlush` and `shutdown` never reject. Without it the SDK only logs failures to its `diag`
 * logger, silent by default. Recording a request never waits for an export either way: the SDK
 * aggregates in memory and exports on its own schedule.
 *
 * @param exporter - The exporter, e.g. `new OTLPMetricExporter()`.
 * @param options - Where failures go, and the timeout.
 * @returns An exporter to give to the `PeriodicExportingMetricReader`.
 * @throws {InvalidRequestError} when `timeoutMillis` is not a positive number.
 * @example
 * ```ts
 * const reader = new PeriodicExportingMetricReader({
 *   exporter: guardMetricExporter(new OTLPMetricExporter(), { onError: (error) => logger.warn(error.message) }),
 * });
 * ```
 */
export function guardMetricExporter<E extends GuardableMetricExporter>(exporter: E, options: GuardMetricExporterOptions = {}): GuardedMetricExporter<E> {
  const timeoutMillis = options.timeoutMillis ?? 30_000;
  if (typeof timeoutMillis !== 'number' || !(timeoutMillis > 0) || !Number.isFinite(timeoutMillis)) {
    throw new InvalidRequestError({ field: 'timeoutMillis', value: timeoutMillis, expected: 'a positive number of milliseconds' });
  }
  const reporter = new TelemetryErrorReporter(options.onError);
  const inner = exporter as unknown as {
    export(metrics: unknown, resultCallback: (result: MetricExportResult | undefined) => void): void;
    forceFlush(): Promise<void>;
    shutdown(): Promise<void>;
  };

  const settle = (stage: TelemetryExportStage, run: () => Promise<void>): Promise<void> => new Promise<void>((resolve) => {
    let settled = false;
    const finish = (failure?: { readonly reason: string; readonly cause?: unknown }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (failure !== undefined) reporter.report(stage, failure.reason, failure.cause);
      resolve();
    };
    const timer = startTimer(timeoutMillis, () => finish({ reason: 'timeout' }));
    try {
      Promise.resolve(run()).then(() => finish(), (error: unknown) => finish({ reason: reasonOf(error), cause: error }));
    } catch (error) {
      finish({ reason: reasonOf(error), cause: error });
    }
  });

  const guarded: Record<string, unknown> = {
    export(metrics: unknown, resultCallback: (result: MetricExportResult) => void): void {
      let settled = false;
      const finish = (result: MetricExportResult, failure?: { readonly reason: string; readonly cause?: unknown }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (failure !== undefined) reporter.report('export', failure.reason, failure.cause);
        try {
          resultCallback(result);
        } catch {
          // The reader's callback is the SDK's; nothing to isolate it from.
        }
      };
      const timer = startTimer(timeoutMillis, () => finish({ code: FAILED, error: new Error(`Metric export timed out after ${timeoutMillis} ms`) }, { reason: 'timeout' }));
      try {
        inner.export(metrics, (result) => {
          if (result !== undefined && result !== null && result.code === SUCCESS) {
            finish(result);
            return;
          }
          const error = result?.error;
          finish(result ?? { code: FAILED }, error === undefined ? { reason: 'failed-result' } : { reason: reasonOf(error), cause: error });
        });
      } catch (error) {
        finish({ code: FAILED, ...(error instanceof Error ? { error } : {}) }, { reason: reasonOf(error), cause: error });
      }
    },
    forceFlush: () => settle('force-flush', () => inner.forceFlush()),
    shutdown: () => settle('shutdown', () => inner.shutdown()),
  };
  // The reader asks the exporter for its temporality and aggregation once, at construction.
  if (typeof exporter.selectAggregationTemporality === 'function') guarded['selectAggregationTemporality'] = exporter.selectAggregationTemporality.bind(exporter);
  if (typeof exporter.selectAggregation === 'function') guarded['selectAggregation'] = exporter.selectAggregation.bind(exporter);
  return guarded as unknown as GuardedMetricExporter<E>;
}
