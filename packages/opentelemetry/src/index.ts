// Metrics
export { ImpactMetrics } from './impact-metrics';
export type { ImpactMetricsOptions, ModelNaming, SemanticConventionsVersion } from './impact-metrics';
export { IMPACT_INSTRUMENTS, OPERATION_DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from './impact-instruments';
export type { ImpactInstrument, ImpactInstrumentId } from './impact-instruments';

// Exporter isolation
export { guardMetricExporter } from './guard-metric-exporter';
export type { GuardableMetricExporter, GuardedMetricExporter, GuardMetricExporterOptions, MetricExportResult } from './guard-metric-exporter';
export type { TelemetryErrorHandler } from './telemetry-error-handler';
