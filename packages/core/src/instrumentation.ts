import type { BudgetTarget } from './budget';
import type { Catalog } from './catalog';
import type { DeploymentSpec, EstimateOptions, EstimateRequest, RangeInput } from './estimate';
import type { ImpactContext, ImpactFailure, ImpactOperation, ImpactStatus, ImpactTags, OnImpact } from './impact-context';
import type { ImpactReport, MethodologyId } from './impact-report';
import type { Meter } from './meter';
import { DeferredEstimate, type DeferredReport } from './deferred-report';
import { mergeTags, NO_TAGS } from './internal/tags';
import { hasBudgets, recordWithMergedTags, reportListenerError } from './meter';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * What every WattLens adapter accepts in `withImpact(client, options)`. Adapters extend it with
 * their own options.
 *
 * @example
 * ```ts
 * export interface OpenAIImpactOptions extends ImpactOptions { readonly provider?: string }
 * const client = withImpact(new OpenAI(), { meter, tags: { feature: 'search' }, zone: 'FRA' });
 * ```
 */
export interface ImpactOptions {
  /** Meter every request is recorded into (budgets are enforced against it). */
  readonly meter?: Meter;
  /** Called once per request with its report and context. */
  readonly onImpact?: OnImpact;
  /** Tags added to every request of this client. */
  readonly tags?: ImpactTags;
  /** Electricity zone of the datacenter. @default the provider's */
  readonly zone?: string;
  /** Datacenter PUE. @default the provider's */
  readonly pue?: RangeInput;
  /** Datacenter on-site WUE, L/kWh. @default the provider's */
  readonly wue?: RangeInput;
  /** Impact methodology. @default estimate()'s default */
  readonly methodology?: MethodologyId;
  /** Data to estimate with. @default defaultCatalog */
  readonly catalog?: Catalog;
  /**
   * How the model is served, when you know (self-hosted vLLM, a dedicated endpoint): hardware,
   * batch size, architecture (`methodology: 'wattlens'`).
   */
  readonly deployment?: DeploymentSpec;
  /**
   * Whether blocking budgets of the meter refuse requests before they are sent (with a
   * `BudgetExceededError`). With `false`, budgets only emit events. @default true
   */
  readonly enforceBudgets?: boolean;
}

/** Per-call options an adapter takes from the call (e.g. a `wattlens` request option). */
export interface ImpactCallOptions {
  /** Called once for this request, after the client-level hook. */
  readonly onImpact?: OnImpact;
  /** Tags of this request, over the client's. */
  readonly tags?: ImpactTags;
  /** Overrides the client's zone for this request. */
  readonly zone?: string;
  readonly pue?: RangeInput;
  readonly wue?: RangeInput;
  readonly methodology?: MethodologyId;
}

/** The request an adapter is about to send: where to, and what kind of call. */
export interface RequestTarget {
  readonly provider: string;
  readonly model: string;
  readonly operation: ImpactOperation;
  /** Whether the response will be streamed. @default false */
  readonly streamed?: boolean;
}

/** What an adapter learned from the response: token counts, latency, media amounts (no text). */
export type RequestUsage = Omit<EstimateRequest, 'provider' | 'model'> & {
  /** The model the provider says served the request (a dated snapshot, say), if it differs. */
  readonly model?: string;
};

/** How a tracked request ended. */
export interface RequestOutcome {
  /** @default 'completed', or 'failed' when `error` is given */
  readonly status?: ImpactStatus;
  /** The error that failed or aborted the request; only its name and HTTP status are kept. */
  readonly error?: unknown;
  readonly requestId?: string;
  /** Overrides the target's `streamed`. */
  readonly streamed?: boolean;
}

/** One request in flight, from {@link trackRequest}: finish it exactly once. */
export interface RequestTracker {
  /** When the request started, in milliseconds since the epoch. */
  readonly startedAt: number;
  /** Whether {@link RequestTracker.finish} or {@link RequestTracker.end} has run. */
  readonly finished: boolean;
  /**
   * Estimates, records and reports the request. Only the first call counts; later ones return the
   * first report and do nothing else. Never throws. The same as `end(usage, outcome).report`.
   *
   * @param usage - Token counts and other amounts; `latencyMs` defaults to the time since `startedAt`.
   * @param outcome - Status, error, request id.
   * @returns The impact report.
   */
  finish(usage: RequestUsage, outcome?: RequestOutcome): ImpactReport;
  /**
   * Ends the request as {@link RequestTracker.finish} does, but leaves its report to be computed
   * when something reads it: a hook gets it at once, and so does a meter that reads requests one
   * by one (budgets, `impact-recorded` listeners, a parent, scope tags); a meter that nothing reads
   * per request computes it with the other requests it holds, and `attachImpact(result, deferred)`
   * gives a result an `impact` that computes it when read. The figures are those `finish()` gives.
   * Only the first call counts, as with `finish()`. Never throws.
   *
   * @param usage - Token counts and other amounts; `latencyMs` defaults to the time since `startedAt`.
   * @param outcome - Status, error, request id.
   * @returns The report, computed on first read.
   */
  end(usage: RequestUsage, outcome?: RequestOutcome): DeferredReport;
}

/**
 * Keeps of an error only what is safe to record: its `name` and HTTP status (`status` or
 * `statusCode`). Never its message, which can echo prompt text.
 *
 * @param error - Anything thrown.
 * @returns The failure, or `undefined` for `undefined`/`null`.
 * @example
 * ```ts
 * describeFailure(new APIError(429, …)); // { name: 'RateLimitError', status: 429 }
 * ```
 */
export function describeFailure(error: unknown): ImpactFailure | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error !== 'object' && typeof error !== 'function') return { name: typeof error };
  const candidate = error as { name?: unknown; status?: unknown; statusCode?: unknown };
  let errorName = 'Error';
  try {
    if (typeof candidate.name === 'string' && candidate.name !== '') errorName = candidate.name.slice(0, 100);
  } catch {
    // A throwing getter: keep the generic name.
  }
  let status: unknown;
  try {
    status = typeof candidate.status === 'number' ? candidate.status : candidate.statusCode;
  } catch {
    status = undefined;
  }
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
    ? { name: errorName, status }
    : { name: errorName };
}

/**
 * May this request go? Throws before anything is sent when a blocking budget of the client's
 * meter (or of its parents) is exhausted for the request; does nothing without a meter or with
 * `enforceBudgets: false`.
 *
 * @param options - The client's impact options.
 * @param target - Provider and model of the request.
 * @param call - The call's own options (its tags count for per-tag budgets).
 * @throws {BudgetExceededError} naming the budget, the amount spent and when its window resets.
 * @example
 * ```ts
 * assertRequestAllowed(options, { provider: 'openai', model: body.model }, callOptions);
 * const response = await originalCreate(body);
 * ```
 */
export function assertRequestAllowed(options: ImpactOptions, target: Omit<BudgetTarget, 'tags'>, call: ImpactCallOptions = NO_CALL_OPTIONS): void {
  // Without a budget in the meter or its parents there is nothing to check: no tags to merge.
  if (options.meter === undefined || options.enforceBudgets === false || !hasBudgets(options.meter)) return;
  options.meter.assertWithinBudget({ provider: target.provider, model: target.model, tags: mergeTags(options.tags, call.tags) });
}

/** The call options of a call that has none (one object for all of them). */
const NO_CALL_OPTIONS: ImpactCallOptions = Object.freeze({});
const NO_OUTCOME: RequestOutcome = Object.freeze({});

/**
 * The estimate request of a tracked call, as one object literal of fixed shape: a spread of the
 * adapter's usage object gives V8 a fresh shape per call and makes the estimate 3× slower.
 */
function toEstimateRequest(usage: RequestUsage, provider: string, model: string, latencyMs: number): EstimateRequest {
  return {
    provider,
    model,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    reasoningTokens: usage.reasoningTokens,
    latencyMs,
    modality: usage.modality,
    tokenSource: usage.tokenSource,
    images: usage.images,
    audioSeconds: usage.audioSeconds,
    pages: usage.pages,
    imageSize: usage.imageSize,
    imageQuality: usage.imageQuality,
    reportedEnergyJoules: usage.reportedEnergyJoules,
  } as EstimateRequest;
}

/** A client's estimate options, when the call overrides none of them: built once per options object. */
const clientEstimateOptions = new WeakMap<ImpactOptions, EstimateOptions>();

function estimateOptions(options: ImpactOptions, call: ImpactCallOptions): EstimateOptions {
  const overridden = call.methodology !== undefined || call.zone !== undefined || call.pue !== undefined || call.wue !== undefined;
  if (!overridden) {
    let cached = clientEstimateOptions.get(options);
    if (cached === undefined) {
      cached = buildEstimateOptions(options, call);
      clientEstimateOptions.set(options, cached);
    }
    return cached;
  }
  return buildEstimateOptions(options, call);
}

function buildEstimateOptions(options: ImpactOptions, call: ImpactCallOptions): EstimateOptions {
  const methodology = call.methodology ?? options.methodology;
  const zone = call.zone ?? options.zone;
  const pue = call.pue ?? options.pue;
  const wue = call.wue ?? options.wue;
  return {
    ...(methodology === undefined ? {} : { methodology }),
    ...(zone === undefined ? {} : { zone }),
    ...(pue === undefined ? {} : { pue }),
    ...(wue === undefined ? {} : { wue }),
    ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
    ...(options.deployment === undefined ? {} : { deployment: options.deployment }),
  };
}

function runHook(hook: OnImpact | undefined, report: ImpactReport, context: ImpactContext, meter: Meter | undefined): void {
  if (hook === undefined) return;
  try {
    const result: unknown = hook(report, context);
    if (typeof result === 'object' && result !== null && typeof (result as PromiseLike<void>).then === 'function') {
      (result as PromiseLike<void>).then(undefined, (error: unknown) => reportListenerError(meter, 'on-impact', error));
    }
  } catch (error) {
    reportListenerError(meter, 'on-impact', error);
  }
}

/**
 * After a request: estimates its impact, records it into the meter, then calls the client-level
 * and the per-call `onImpact` once each. Never throws: if `estimate()` rejects the provider's
 * numbers, the request is still recorded, with zero impacts and an `estimate-failed` warning;
 * hook errors (thrown or rejected) are reported as the meter's `listener-error`.
 *
 * @param request - What `estimate()` takes: provider, model, tokens, latency…
 * @param context - What the adapter knows of the request; its tags are merged over the client's, the call's over both.
 * @param options - The client's impact options.
 * @param call - The call's own options.
 * @returns The impact report (attach it to the result).
 * @example
 * ```ts
 * const report = recordImpact(
 *   { provider: 'openai', model: 'gpt-4o', inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, latencyMs },
 *   { provider: 'openai', model: 'gpt-4o', operation: 'chat', status: 'completed', streamed: false, startedAt, tags: {} },
 *   options, callOptions);
 * ```
 */
export function recordImpact(request: EstimateRequest, context: ImpactContext, options: ImpactOptions, call: ImpactCallOptions = NO_CALL_OPTIONS): ImpactReport {
  const client = options ?? {};
  const perCall = call ?? NO_CALL_OPTIONS;
  const deferred = DeferredEstimate.estimate(request, estimateOptions(client, perCall));
  deliver(deferred, { ...context }, client, perCall);
  return deferred.report;
}

/**
 * Records a report into the meter, then runs the client and per-call hooks; the report is computed
 * here only when a hook or the meter needs it now. Never throws.
 *
 * @param context - A context object of the caller's own, which becomes the hooks' context: its
 *   tags are replaced by the merged ones (one object per request, no copy).
 */
function deliver(deferred: DeferredEstimate, context: Mutable<ImpactContext>, options: ImpactOptions, call: ImpactCallOptions): void {
  const meter = options.meter;
  context.tags = mergeTags(options.tags, context.tags, call.tags);
  try {
    if (meter !== undefined) context.tags = recordWithMergedTags(meter, deferred, context);
  } catch (error) {
    // Recording never throws by design; should it, the hooks still run and the error is reported.
    reportListenerError(meter, 'impact-recorded', error);
  }
  if (options.onImpact === undefined && call.onImpact === undefined) return;
  // The hooks get the tags the meter holds (a meter that holds requests adds them later): frozen,
  // so that a hook cannot change what was recorded.
  Object.freeze(context.tags);
  const report = deferred.report;
  runHook(options.onImpact, report, context, meter);
  runHook(call.onImpact, report, context, meter);
}

/**
 * Starts tracking one request: checks the budgets (throws before anything is sent when a
 * blocking one is exhausted), notes the start time, and returns a tracker whose `finish()`
 * records the request exactly once — however many code paths (result, stream end, error, abort)
 * reach it.
 *
 * @param options - The client's impact options.
 * @param target - Provider, model, operation, streamed.
 * @param call - The call's own options.
 * @returns The tracker.
 * @throws {BudgetExceededError} when a blocking budget is exhausted.
 * @example
 * ```ts
 * const tracker = trackRequest(options, { provider: 'openai', model: body.model, operation: 'chat' }, callOptions);
 * try {
 *   const result = await send(body);
 *   tracker.finish({ inputTokens: result.usage.prompt_tokens, outputTokens: result.usage.completion_tokens });
 * } catch (error) {
 *   tracker.finish({ inputTokens: estimatedInput }, { error });
 *   throw error;
 * }
 * ```
 */
export function trackRequest(options: ImpactOptions, target: RequestTarget, call: ImpactCallOptions = NO_CALL_OPTIONS): RequestTracker {
  assertRequestAllowed(options, target, call);
  return new Tracker(options, target, call, Date.now());
}

/** The {@link RequestTracker} of {@link trackRequest}: a class, cheaper per request than a closure with a getter. */
class Tracker implements RequestTracker {
  readonly startedAt: number;
  readonly #options: ImpactOptions;
  readonly #target: RequestTarget;
  readonly #call: ImpactCallOptions;
  #ended: DeferredEstimate | undefined;

  constructor(options: ImpactOptions, target: RequestTarget, call: ImpactCallOptions, startedAt: number) {
    this.#options = options;
    this.#target = target;
    this.#call = call;
    this.startedAt = startedAt;
  }

  get finished(): boolean {
    return this.#ended !== undefined;
  }

  finish(usage: RequestUsage, outcome?: RequestOutcome): ImpactReport {
    return this.end(usage, outcome).report;
  }

  end(usage: RequestUsage, outcome: RequestOutcome = NO_OUTCOME): DeferredReport {
    if (this.#ended !== undefined) return this.#ended;
    const target = this.#target;
    const model = typeof usage?.model === 'string' && usage.model !== '' ? usage.model : target.model;
    const latencyMs = usage?.latencyMs ?? Math.max(0, Date.now() - this.startedAt);
    const failure = describeFailure(outcome.error);
    const status: ImpactStatus = outcome.status ?? (failure === undefined ? 'completed' : 'failed');
    const requestId = outcome.requestId;
    const context: Mutable<ImpactContext> = {
      provider: target.provider,
      model,
      operation: target.operation,
      status,
      streamed: outcome.streamed ?? target.streamed ?? false,
      startedAt: this.startedAt,
      tags: NO_TAGS,
    };
    if (typeof requestId === 'string' && requestId !== '') context.requestId = requestId;
    if (failure !== undefined) context.error = failure;
    const ended = DeferredEstimate.estimate(toEstimateRequest(usage ?? {}, target.provider, model, latencyMs), estimateOptions(this.#options, this.#call));
    // Set before the hooks run, so that a finish() called from a hook returns this report.
    this.#ended = ended;
    deliver(ended, context, this.#options, this.#call);
    return ended;
  }
}
