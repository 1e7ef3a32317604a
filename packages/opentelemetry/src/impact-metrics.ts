import { metrics, trace, ValueType, type Attributes, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import { InvalidRequestError, type ImpactContext, type ImpactFailure, type ImpactReport, type ImpactStatus, type Meter, type OnImpact, type Range } from '@wattlens/core';
import { INSTRUMENTS_BY_ID, type ImpactInstrumentId } from './impact-instruments';
import { BoundedValues } from './internal/bounded-values';
import {
  ATTRIBUTE_ERROR_TYPE,
  ATTRIBUTE_OPERATION_NAME,
  ATTRIBUTE_PROVIDER_NAME,
  ATTRIBUTE_REQUEST_MODEL,
  ATTRIBUTE_STATUS,
  ATTRIBUTE_SYSTEM,
  ATTRIBUTE_TOKEN_TYPE,
  defaultConventions,
  operationName,
  OTHER_ERROR_TYPE,
  providerName,
  TAG_ATTRIBUTE_PREFIX,
} from './internal/semantic-conventions';
import { SpanImpact, type ExportedImpacts } from './internal/span-impact';
import { reasonOf, TelemetryErrorReporter } from './internal/telemetry-error-reporter';
import type { TelemetryErrorHandler } from './telemetry-error-handler';
import { INSTRUMENTATION_SCOPE_NAME, INSTRUMENTATION_SCOPE_VERSION } from './internal/version';

/** 1 kWh = 3,600,000 J (SI: 1 W = 1 J/s, 1 h = 3,600 s). */
const JOULES_PER_KWH = 3_600_000;
/** 1 kg = 1,000 g. */
const GRAMS_PER_KG = 1_000;

/**
 * Which version of the OpenTelemetry GenAI semantic conventions {@link ImpactMetrics} follows:
 * `'1.36'` (v1.36.0, provider in `gen_ai.system`) or `'latest'` (provider in `gen_ai.provider.name`).
 */
export type SemanticConventionsVersion = '1.36' | 'latest';

/** How {@link ImpactMetrics} names the model in `gen_ai.request.model`. */
export type ModelNaming = 'requested' | 'catalog' | ((model: string, report: ImpactReport) => string);

/** Options of {@link ImpactMetrics}. */
export interface ImpactMetricsOptions {
  /**
   * The OpenTelemetry meter provider to create the instruments with (your SDK's `MeterProvider`).
   * @default the global one (`metrics.getMeterProvider()`), looked up again whenever it changes
   */
  readonly meterProvider?: MeterProvider;
  /**
   * Tag keys exported as attributes, each as `wattlens.tag.KEY` (Prometheus label
   * `wattlens_tag_KEY`). Tags not listed are dropped, so label cardinality stays bounded.
   * @default []
   */
  readonly tagKeys?: readonly string[];
  /**
   * Most distinct values exported per attribute (each model, provider, operation, error type and
   * tag key); further values are exported as `(other)`.
   * @default 100
   */
  readonly maxValuesPerAttribute?: number;
  /**
   * How to fill `gen_ai.request.model`: the model as requested (the conventions' rule), the
   * WattLens catalog entry it resolved to (dated snapshots and aliases folded into one id; models
   * the catalog does not know keep their requested id), or your own function.
   * @default 'requested'
   */
  readonly model?: ModelNaming;
  /**
   * Also add the impact to the active span, as `wattlens.energy` (J), `wattlens.co2e` (g),
   * `wattlens.water` (L) with their `.min` and `.max`, and `wattlens.requests`. A span that covers
   * several requests carries their sum.
   * @default false
   */
  readonly spanAttributes?: boolean;
  /**
   * GenAI semantic conventions to follow: `'1.36'` names the provider `gen_ai.system`; `'latest'`
   * names it `gen_ai.provider.name`, as the conventions after v1.36.0 do.
   * @default 'latest' when OTEL_SEMCONV_STABILITY_OPT_IN lists gen_ai_latest_experimental, else '1.36'
   */
  readonly semanticConventions?: SemanticConventionsVersion;
  /**
   * Receives every recording failure as a `TelemetryExportError` (stage `record` or `span`).
   * @default one console warning per stage
   */
  readonly onError?: TelemetryErrorHandler;
}

type Instruments = {
  readonly requests: Counter;
  readonly tokenUsage: Histogram;
  readonly duration: Histogram;
  readonly impacts: Readonly<Record<'energy' | 'co2e' | 'water', readonly [Counter, Counter, Counter]>>;
};

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter(INSTRUMENTATION_SCOPE_NAME, INSTRUMENTATION_SCOPE_VERSION);
  const counter = (id: ImpactInstrumentId): Counter => {
    const { name, description, unit } = INSTRUMENTS_BY_ID[id];
    return meter.createCounter(name, { description, unit, valueType: id === 'requests' ? ValueType.INT : ValueType.DOUBLE });
  };
  const histogram = (id: ImpactInstrumentId, valueType: ValueType): Histogram => {
    const { name, description, unit, buckets } = INSTRUMENTS_BY_ID[id];
    return meter.createHistogram(name, {
      description,
      unit,
      valueType,
      ...(buckets === undefined ? {} : { advice: { explicitBucketBoundaries: [...buckets] } }),
    });
  };
  return {
    requests: counter('requests'),
    tokenUsage: histogram('token-usage', ValueType.INT),
    duration: histogram('operation-duration', ValueType.DOUBLE),
    impacts: {
      energy: [counter('energy'), counter('energy.min'), counter('energy.max')],
      co2e: [counter('co2e'), counter('co2e.min'), counter('co2e.max')],
      water: [counter('water'), counter('water.min'), counter('water.max')],
    },
  };
}

function scaled(range: Range, factor: number): readonly [number, number, number] {
  return [range.value * factor, range.min * factor, range.max * factor];
}

/**
 * `error.type` of a failed or aborted request: the HTTP status when there was one (`500`, `429`),
 * else the error's class name unless it is the generic `Error`, else `aborted` or `_OTHER`.
 */
function errorType(status: ImpactStatus, error: ImpactFailure | undefined): string {
  if (typeof error?.status === 'number') return String(error.status);
  if (typeof error?.name === 'string' && error.name !== '' && error.name !== 'Error') return error.name;
  return status === 'aborted' ? 'aborted' : OTHER_ERROR_TYPE;
}

/** A counter only takes finite, non-negative increments. */
function addable(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function validate(options: ImpactMetricsOptions): void {
  const { tagKeys, maxValuesPerAttribute, model, semanticConventions } = options;
  if (tagKeys !== undefined && (!Array.isArray(tagKeys) || !tagKeys.every((key) => typeof key === 'string' && key !== ''))) {
    throw new InvalidRequestError({ field: 'tagKeys', value: tagKeys, expected: 'an array of non-empty tag keys' });
  }
  if (maxValuesPerAttribute !== undefined && (!Number.isSafeInteger(maxValuesPerAttribute) || maxValuesPerAttribute < 1)) {
    throw new InvalidRequestError({ field: 'maxValuesPerAttribute', value: maxValuesPerAttribute, expected: 'a positive integer' });
  }
  if (model !== undefined && model !== 'requested' && model !== 'catalog' && typeof model !== 'function') {
    throw new InvalidRequestError({ field: 'model', value: model, expected: "'requested', 'catalog' or a function" });
  }
  if (semanticConventions !== undefined && semanticConventions !== '1.36' && semanticConventions !== 'latest') {
    throw new InvalidRequestError({ field: 'semanticConventions', value: semanticConventions, expected: "'1.36' or 'latest'" });
  }
}

/**
 * Records the environmental impact of AI requests into OpenTelemetry metrics, so that the
 * footprint of a whole fleet adds up in the observability stack you already run (Prometheus,
 * Grafana, any OTLP backend). Uses `@opentelemetry/api` only: your own SDK, readers and exporters
 * do the exporting.
 *
 * Instruments ({@link IMPACT_INSTRUMENTS}): `wattlens.requests`; `wattlens.energy` (J),
 * `wattlens.co2e` (g), `wattlens.water` (L), each with `.min` and `.max` siblings for the range;
 * `gen_ai.client.token.usage` and `gen_ai.client.operation.duration` (s) as the GenAI semantic
 * conventions define them. Attributes: `gen_ai.system` (or `gen_ai.provider.name`),
 * `gen_ai.operation.name`, `gen_ai.request.model`, `error.type` on failures (the HTTP status, else
 * the error's class name), and the allow-listed
 * tags as `wattlens.tag.KEY`.
 *
 * Feed it from a WattLens `Meter` ({@link ImpactMetrics.attach}) or from an adapter's hook
 * ({@link ImpactMetrics.onImpact}), not both for the same requests. Recording never throws and
 * never waits: failures go to `onError`.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { MeterProvider } from '@opentelemetry/sdk-metrics';
 * import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
 * import { Meter } from '@wattlens/core';
 * import { ImpactMetrics } from '@wattlens/opentelemetry';
 *
 * metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PrometheusExporter({ port: 9464 })] }));
 * const meter = new Meter();
 * new ImpactMetrics({ tagKeys: ['customer', 'feature'] }).attach(meter);
 * const client = withImpact(new OpenAI(), { meter, tags: { customer: 'acme' } });
 * ```
 */
export class ImpactMetrics {
  /**
   * The hook to pass as an adapter's `onImpact`, when requests are not recorded into a meter that
   * is attached: `withImpact(client, { onImpact: impactMetrics.onImpact })`.
   */
  readonly onImpact: OnImpact;
  readonly #provider: MeterProvider | undefined;
  readonly #tagKeys: readonly string[];
  readonly #model: ModelNaming;
  readonly #spanAttributes: boolean;
  readonly #providerAttribute: string;
  readonly #values: BoundedValues;
  readonly #reporter: TelemetryErrorReporter;
  readonly #spans = new SpanImpact();
  readonly #attached = new WeakMap<Meter, () => void>();
  #instruments: Instruments | undefined;
  #instrumentsProvider: MeterProvider | undefined;

  /**
   * @param options - Meter provider, allow-listed tag keys, cardinality cap, model naming, span
   *   attributes, conventions version, error handler.
   * @throws {InvalidRequestError} when an option is malformed.
   */
  constructor(options: ImpactMetricsOptions = {}) {
    validate(options);
    this.#provider = options.meterProvider;
    this.#tagKeys = [...new Set(options.tagKeys ?? [])];
    this.#model = options.model ?? 'requested';
    this.#spanAttributes = options.spanAttributes ?? false;
    this.#providerAttribute = (options.semanticConventions ?? defaultConventions()) === 'latest' ? ATTRIBUTE_PROVIDER_NAME : ATTRIBUTE_SYSTEM;
    this.#values = new BoundedValues(options.maxValuesPerAttribute ?? 100);
    this.#reporter = new TelemetryErrorReporter(options.onError);
    this.onImpact = (report, context) => this.record(report, context);
  }

  /**
   * Exports every request a WattLens meter records (its child meters' too, which forward to it),
   * from now on. Attaching the same meter again does nothing more.
   *
   * @param meter - The meter, typically the one your adapters record into.
   * @returns A function that stops exporting this meter's requests.
   * @example
   * ```ts
   * const detach = new ImpactMetrics({ tagKeys: ['customer'] }).attach(meter);
   * // on shutdown
   * detach();
   * ```
   */
  attach(meter: Meter): () => void {
    const existing = this.#attached.get(meter);
    if (existing !== undefined) return existing;
    const stop = meter.on('impact-recorded', ({ record, report }) => {
      this.record(report, {
        ...(record.operation === undefined ? {} : { operation: record.operation }),
        status: record.status,
        ...(record.error === undefined ? {} : { error: record.error }),
        tags: record.tags,
      });
    });
    const detach = (): void => {
      stop();
      if (this.#attached.get(meter) === detach) this.#attached.delete(meter);
    };
    this.#attached.set(meter, detach);
    return detach;
  }

  /**
   * Records one request into the instruments (and the active span, with `spanAttributes`).
   * Never throws: failures are reported to `onError`.
   *
   * @param report - The request's impact report.
   * @param context - What is known of the request: operation, status, error, tags.
   * @example
   * ```ts
   * impactMetrics.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 300 }), {
   *   operation: 'chat', status: 'completed', tags: { customer: 'acme' },
   * });
   * ```
   */
  record(report: ImpactReport, context: Partial<ImpactContext> = {}): void {
    let impacts: ExportedImpacts;
    try {
      impacts = {
        energy: scaled(report.energy, JOULES_PER_KWH),
        co2e: scaled(report.gwp, GRAMS_PER_KG),
        water: scaled(report.water, 1),
      };
      this.#recordMetrics(report, context ?? {}, impacts);
    } catch (error) {
      this.#reporter.report('record', reasonOf(error), error);
      return;
    }
    if (!this.#spanAttributes) return;
    try {
      const span = trace.getActiveSpan();
      if (span !== undefined) this.#spans.add(span, impacts);
    } catch (error) {
      this.#reporter.report('span', reasonOf(error), error);
    }
  }

  #currentInstruments(): Instruments {
    const provider = this.#provider ?? metrics.getMeterProvider();
    if (this.#instruments === undefined || this.#instrumentsProvider !== provider) {
      this.#instruments = createInstruments(provider);
      this.#instrumentsProvider = provider;
    }
    return this.#instruments;
  }

  #modelName(report: ImpactReport): string {
    const requested = report.request.model;
    if (this.#model === 'requested') return requested;
    if (this.#model === 'catalog') {
      const resolved = report.assumptions.model;
      return resolved.match === 'exact' || resolved.match === 'alias' ? resolved.id : requested;
    }
    const named: unknown = this.#model(requested, report);
    return typeof named === 'string' && named !== '' ? named : requested;
  }

  #recordMetrics(report: ImpactReport, context: Partial<ImpactContext>, impacts: ExportedImpacts): void {
    const instruments = this.#currentInstruments();
    const { request } = report;
    const values = this.#values;
    const attributes: Attributes = {
      [this.#providerAttribute]: values.bound(this.#providerAttribute, providerName(request.provider)),
      [ATTRIBUTE_OPERATION_NAME]: values.bound(ATTRIBUTE_OPERATION_NAME, operationName(context.operation, request.modality)),
      [ATTRIBUTE_REQUEST_MODEL]: values.bound(ATTRIBUTE_REQUEST_MODEL, this.#modelName(report)),
    };
    const tags = context.tags ?? {};
    for (const key of this.#tagKeys) {
      const value = Object.hasOwn(tags, key) ? tags[key] : undefined;
      if (typeof value === 'string') attributes[TAG_ATTRIBUTE_PREFIX + key] = values.bound(TAG_ATTRIBUTE_PREFIX + key, value);
    }

    for (const criterion of ['energy', 'co2e', 'water'] as const) {
      const counters = instruments.impacts[criterion];
      const amounts = impacts[criterion];
      for (let index = 0; index < 3; index += 1) {
        const amount = amounts[index] ?? Number.NaN;
        if (addable(amount)) counters[index]?.add(amount, attributes);
      }
    }

    const status = context.status ?? 'completed';
    const outcome: Attributes = { ...attributes };
    if (status !== 'completed') outcome[ATTRIBUTE_ERROR_TYPE] = values.bound(ATTRIBUTE_ERROR_TYPE, errorType(status, context.error));
    instruments.requests.add(1, { ...outcome, [ATTRIBUTE_STATUS]: status });

    if (request.inputTokens > 0) instruments.tokenUsage.record(request.inputTokens, { ...attributes, [ATTRIBUTE_TOKEN_TYPE]: 'input' });
    if (request.outputTokens > 0) instruments.tokenUsage.record(request.outputTokens, { ...attributes, [ATTRIBUTE_TOKEN_TYPE]: 'output' });
    if (request.latencyMs !== undefined && addable(request.latencyMs)) instruments.duration.record(request.latencyMs / 1000, outcome);
  }
}
