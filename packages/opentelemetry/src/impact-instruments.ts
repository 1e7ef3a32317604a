/** What an instrument measures: one of the impact criteria, requests, tokens or duration. */
export type ImpactInstrumentId =
  | 'requests'
  | 'energy'
  | 'energy.min'
  | 'energy.max'
  | 'co2e'
  | 'co2e.min'
  | 'co2e.max'
  | 'water'
  | 'water.min'
  | 'water.max'
  | 'token-usage'
  | 'operation-duration';

/** One OpenTelemetry instrument that {@link ImpactMetrics} records into. */
export interface ImpactInstrument {
  readonly id: ImpactInstrumentId;
  /** The OpenTelemetry metric name. */
  readonly name: string;
  readonly kind: 'counter' | 'histogram';
  /** UCUM unit, as OpenTelemetry semantic conventions write it. */
  readonly unit: string;
  readonly description: string;
  /**
   * The metric name the OpenTelemetry JavaScript Prometheus exporter (`@opentelemetry/exporter-prometheus`)
   * writes: dots become underscores and counters end in `_total`; histograms are exposed as
   * `NAME_bucket`, `NAME_sum` and `NAME_count`. The OpenTelemetry Collector's Prometheus exporters
   * and Prometheus' own OTLP receiver also add the unit (`wattlens_energy_joules_total`).
   */
  readonly prometheusName: string;
  /** Histogram bucket boundaries advised to the SDK (semantic conventions' advice). */
  readonly buckets?: readonly number[];
}

/**
 * Bucket boundaries of `gen_ai.client.token.usage`, as the OpenTelemetry semantic conventions for
 * generative AI metrics advise (v1.36.0, docs/gen-ai/gen-ai-metrics.md, "Metric: gen_ai.client.token.usage";
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.36.0/docs/gen-ai/gen-ai-metrics.md).
 * {@link ImpactMetrics} advises them to the SDK; a view can override them, e.g. to keep fewer.
 *
 * @example
 * ```ts
 * new MeterProvider({ views: [{
 *   instrumentName: 'gen_ai.client.token.usage',
 *   aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: TOKEN_USAGE_BUCKETS.filter((bound) => bound <= 65536) } },
 * }] });
 * ```
 */
export const TOKEN_USAGE_BUCKETS: readonly number[] = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/**
 * Bucket boundaries of `gen_ai.client.operation.duration`, in seconds, as the same document
 * advises ("Metric: gen_ai.client.operation.duration").
 *
 * @example
 * ```ts
 * const slowest = OPERATION_DURATION_BUCKETS.at(-1); // 81.92 s
 * ```
 */
export const OPERATION_DURATION_BUCKETS: readonly number[] = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

function impact(id: ImpactInstrumentId, unit: string, what: string, bound: string): ImpactInstrument {
  const name = `wattlens.${id}`;
  return {
    id,
    name,
    kind: 'counter',
    unit,
    description: `${what} of AI requests, ${bound} (WattLens).`,
    prometheusName: `${name.replaceAll('.', '_')}_total`,
  };
}

/** The instruments by id (internal: {@link IMPACT_INSTRUMENTS} is the public list). */
export const INSTRUMENTS_BY_ID: Readonly<Record<ImpactInstrumentId, ImpactInstrument>> = Object.fromEntries(([
  {
    id: 'requests',
    name: 'wattlens.requests',
    kind: 'counter',
    unit: '{request}',
    description: 'AI requests recorded by WattLens, completed, failed or aborted (wattlens.request.status).',
    prometheusName: 'wattlens_requests_total',
  },
  impact('energy', 'J', 'Energy drawn from the grid', 'central estimate'),
  impact('energy.min', 'J', 'Energy drawn from the grid', 'lower bound of the estimate'),
  impact('energy.max', 'J', 'Energy drawn from the grid', 'upper bound of the estimate'),
  impact('co2e', 'g', 'Greenhouse gas emissions in grams of CO2 equivalent', 'central estimate'),
  impact('co2e.min', 'g', 'Greenhouse gas emissions in grams of CO2 equivalent', 'lower bound of the estimate'),
  impact('co2e.max', 'g', 'Greenhouse gas emissions in grams of CO2 equivalent', 'upper bound of the estimate'),
  impact('water', 'L', 'Water consumed (cooling and electricity generation)', 'central estimate'),
  impact('water.min', 'L', 'Water consumed (cooling and electricity generation)', 'lower bound of the estimate'),
  impact('water.max', 'L', 'Water consumed (cooling and electricity generation)', 'upper bound of the estimate'),
  {
    id: 'token-usage',
    name: 'gen_ai.client.token.usage',
    kind: 'histogram',
    unit: '{token}',
    description: 'Measures number of input and output tokens used',
    prometheusName: 'gen_ai_client_token_usage',
    buckets: TOKEN_USAGE_BUCKETS,
  },
  {
    id: 'operation-duration',
    name: 'gen_ai.client.operation.duration',
    kind: 'histogram',
    unit: 's',
    description: 'GenAI operation duration',
    prometheusName: 'gen_ai_client_operation_duration',
    buckets: OPERATION_DURATION_BUCKETS,
  },
] satisfies ImpactInstrument[]).map((instrument) => [instrument.id, instrument])) as Record<ImpactInstrumentId, ImpactInstrument>;

/**
 * Every instrument {@link ImpactMetrics} records into. The impact counters export the central
 * estimate (`wattlens.energy`) and the bounds of its range as separate counters
 * (`wattlens.energy.min`, `wattlens.energy.max`), so that a dashboard can draw the band. Units:
 * energy in joules (`J`), greenhouse gases in grams of CO2 equivalent (`g`), water in litres (`L`).
 *
 * @example
 * ```ts
 * for (const instrument of IMPACT_INSTRUMENTS) console.log(instrument.name, instrument.unit, instrument.prometheusName);
 * // wattlens.energy J wattlens_energy_total …
 * ```
 */
export const IMPACT_INSTRUMENTS: readonly ImpactInstrument[] = Object.values(INSTRUMENTS_BY_ID);
