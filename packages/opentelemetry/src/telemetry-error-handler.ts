import type { TelemetryExportError } from '@wattlens/core';

/**
 * Receives every telemetry failure of {@link ImpactMetrics} or {@link guardMetricExporter}, as a
 * `TelemetryExportError` (`stage`, `reason`, `cause`, and a message that says what to check).
 * It runs where the failure happened; what it throws is ignored.
 *
 * @example
 * ```ts
 * const onError: TelemetryErrorHandler = (error) => logger.warn({ stage: error.stage, reason: error.reason }, error.message);
 * ```
 */
export type TelemetryErrorHandler = (error: TelemetryExportError) => void;
