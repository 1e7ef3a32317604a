import { WattLensError } from './wattlens-error';

const marker = Symbol.for('wattlens.error.telemetry-export');

/**
 * Where exporting impact telemetry failed:
 * - `record`: adding a request to the metric instruments (a broken meter provider, a throwing
 *   model-naming function);
 * - `span`: adding the impact to the active span;
 * - `export`: a metric exporter threw, rejected, reported a failure or timed out;
 * - `force-flush`, `shutdown`: the exporter failed to flush or to shut down.
 */
export type TelemetryExportStage = 'record' | 'span' | 'export' | 'force-flush' | 'shutdown';

/** Options of {@link TelemetryExportError}. */
export interface TelemetryExportErrorOptions {
  readonly stage: TelemetryExportStage;
  /**
   * What went wrong, in a word: the class name of what was thrown (`TypeError`), `timeout`, or
   * `failed-result` when an exporter reported a failure without throwing.
   */
  readonly reason: string;
  readonly cause?: unknown;
}

const ADVICE: Readonly<Record<TelemetryExportStage, string>> = {
  record: 'Check the MeterProvider given to ImpactMetrics (or the global one) and the `model` option.',
  span: 'Check the tracing SDK that provides the active span.',
  export: 'Check the exporter\'s endpoint, credentials and network; cumulative metrics catch up at the next successful export.',
  'force-flush': 'Check the exporter\'s endpoint, credentials and network.',
  shutdown: 'Check the exporter\'s endpoint; metrics not exported before shutdown are lost.',
};

/**
 * Reported (never thrown into a request) when WattLens impact telemetry cannot be recorded or
 * exported: a broken OpenTelemetry meter provider, a failing span, an exporter that throws,
 * rejects, fails or hangs. The request that produced the impact is never affected.
 *
 * @example
 * ```ts
 * const metrics = new ImpactMetrics({ onError: (error) => console.error(error.stage, error.reason) });
 * ```
 */
export class TelemetryExportError extends WattLensError {
  private readonly [marker] = true;
  readonly stage: TelemetryExportStage;
  readonly reason: string;

  constructor({ stage, reason, cause }: TelemetryExportErrorOptions) {
    super({
      code: 'telemetry-export-failed',
      message: `WattLens telemetry failed at the ${stage} stage (${reason}); requests were not affected. ${ADVICE[stage] ?? ''}`.trim(),
      cause,
    });
    this.name = 'TelemetryExportError';
    this.stage = stage;
    this.reason = reason;
  }

  /**
   * Tells whether a value is a {@link TelemetryExportError}, from any copy of the package.
   *
   * @param error - Any value.
   * @returns `true` when `error` is a telemetry export failure.
   */
  static override isInstance(error: unknown): error is TelemetryExportError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
