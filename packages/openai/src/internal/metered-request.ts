import type { DeferredReport, ImpactCallOptions, ImpactOptions, ImpactReport, RequestOutcome, RequestTracker, RequestUsage, TokenCount } from '@wattlens/core';
import { attachImpact, failureStatus, loadTokenizer, trackRequest } from '@wattlens/core';
import { failureOf, refusedBeforeInference } from './failure';
import { instrumentStream, type StreamEnd } from './instrument-stream';
import { countPrompt, isRecord, type Body, type Operation, type PromptText, type UsageWatcher } from './operation';
import { isSdkStream, type ApiPromise, type RawResponse, type ResponseProps, type SdkStream } from './sdk-shapes';

/** Symbol under which `withCallImpact` passes WattLens options inside the SDK's request options. */
export const CALL_OPTIONS: unique symbol = Symbol.for('wattlens.openai.call-options') as never;

/** What every metered method of one wrapped client shares. */
export interface ClientSettings {
  readonly options: ImpactOptions;
  /** Provider id for the estimate: `openai`, or the OpenAI-compatible host. */
  readonly provider: string;
  /** Whether to ask for usage in chat and completion streams. */
  readonly includeStreamUsage: boolean;
  /** Call options of every request of this client (`withCallOptions`), under the request's own. */
  readonly call: ImpactCallOptions | undefined;
  /** An `APIPromise` of this client that rejects with `error` without sending anything. */
  rejected(error: unknown): unknown;
}

/**
 * Call options of a client (`withCallOptions`) and of a request (`withCallImpact`), merged: the
 * request's win, tags are merged, and both hooks run (the client's first).
 */
export function mergeCallOptions(outer: ImpactCallOptions | undefined, inner: ImpactCallOptions | undefined): ImpactCallOptions | undefined {
  if (outer === undefined) return inner;
  if (inner === undefined) return outer;
  const first = outer.onImpact;
  const second = inner.onImpact;
  const onImpact: ImpactCallOptions['onImpact'] =
    first === undefined || second === undefined
      ? (second ?? first)
      : (report, context) => {
          const results: unknown[] = [];
          try {
            results.push(first(report, context));
          } finally {
            // The second hook runs even if the first throws; the error is then reported as usual.
            results.push(second(report, context));
          }
          const pending = results.filter((result) => typeof (result as PromiseLike<unknown> | undefined)?.then === 'function');
          if (pending.length > 0) return Promise.all(pending) as unknown as undefined;
        };
  return {
    ...outer,
    ...inner,
    ...(outer.tags === undefined && inner.tags === undefined ? {} : { tags: { ...outer.tags, ...inner.tags } }),
    ...(onImpact === undefined ? {} : { onImpact }),
  };
}

/**
 * Sets an own property without changing what the SDK's objects look like: an own property the
 * SDK already set (openai 7 sets `withResponse` and `_thenUnwrap` on each `APIPromise`) is
 * assigned, keeping its attributes (redefining them would also make V8 turn the object into a
 * slow dictionary); a new one is non-enumerable, so `Object.keys` and JSON stay the same.
 */
export function define(target: object, key: PropertyKey, value: unknown): void {
  if (Object.hasOwn(target, key)) {
    try {
      (target as Record<PropertyKey, unknown>)[key] = value;
      return;
    } catch {
      // A read-only own property: redefine it below.
    }
  }
  try {
    METHOD_PROPERTY.value = value;
    Object.defineProperty(target, key, METHOD_PROPERTY);
  } finally {
    METHOD_PROPERTY.value = undefined;
  }
}

/** The descriptor {@link define} uses, one for every call (its value set for the call and cleared). */
const METHOD_PROPERTY: PropertyDescriptor = { value: undefined, writable: true, configurable: true, enumerable: false };

/** Whether request options carry WattLens call options (`withCallImpact`). */
function hasCallOptions(requestOptions: unknown): requestOptions is { [CALL_OPTIONS]?: ImpactCallOptions } {
  return typeof requestOptions === 'object' && requestOptions !== null && CALL_OPTIONS in requestOptions;
}

/** Request options carrying call options, split into the call options and what the SDK gets. */
function splitCallOptions(requestOptions: { [CALL_OPTIONS]?: ImpactCallOptions }): { call: ImpactCallOptions | undefined; requestOptions: unknown } {
  const { [CALL_OPTIONS]: call, ...rest } = requestOptions;
  return { call: isRecord(call) ? call : undefined, requestOptions: rest };
}

/** The request id: the `_request_id` the SDK put on the result (openai 7, non-stream 6), else the header. */
function requestIdOf(data: unknown, props: ResponseProps | undefined): string | undefined {
  try {
    const attached = typeof data === 'object' && data !== null ? (data as { _request_id?: unknown })._request_id : undefined;
    if (typeof attached === 'string') return attached;
    return props?.response.headers.get('x-request-id') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Watches an unexpected stream of an operation that never streams: its prompt only. */
function promptOnlyWatcher(operation: Operation): UsageWatcher {
  return {
    observe: () => undefined,
    finished: false,
    counts: true,
    usage: (prompt) => {
      const counted = prompt();
      return { ...operation.nothingGenerated, inputTokens: counted.tokens, tokenSource: counted.tokenSource };
    },
  };
}

/**
 * One request of a wrapped client, from the call to its report: meters the result, the stream or
 * the failure exactly once, and keeps the SDK's `APIPromise` what it is.
 */
class MeteredRequest {
  readonly #tracker: RequestTracker;
  readonly #operation: Operation;
  readonly #body: Body;
  readonly #injectedUsage: boolean;
  /** Prompt texts taken when a stream starts (the caller may change its messages while reading). */
  readonly #promptText: PromptText | undefined;
  /** A result's report, computed when read (its `impact`, a hook, the meter). */
  #report: DeferredReport | undefined;
  #streamReport: Promise<ImpactReport> | undefined;
  #respondedAt: number | undefined;
  #rawWatched = false;

  constructor(tracker: RequestTracker, operation: Operation, body: Body, injectedUsage: boolean) {
    this.#tracker = tracker;
    this.#operation = operation;
    this.#body = body;
    this.#injectedUsage = injectedUsage;
    this.#promptText = operation.streamed(body) ? operation.prompt(body) : undefined;
  }

  readonly #prompt = (): TokenCount => countPrompt(this.#promptText ?? this.#operation.prompt(this.#body));

  /**
   * Meters the SDK's promise and returns it, decorated, as the call's result: the SDK's own
   * object, whose `parseResponse` (what `then`, `await` and `withResponse()` parse the body
   * with) is wrapped to meter the parsed result or its failure. One promise reaction per outcome;
   * a `_thenUnwrap` would add an `APIPromise`, an async function and a second `_request_id`.
   * An SDK without these fields gets the chained `APIPromise` instead.
   */
  wrap(sent: ApiPromise): ApiPromise {
    const parseResponse = sent.parseResponse;
    const response = sent.responsePromise;
    if (typeof parseResponse !== 'function' || !Object.hasOwn(sent, 'parseResponse') || !(response instanceof Promise)) return this.#wrapChained(sent);
    // Failures before any body (HTTP errors, connection errors, aborts) reject the response itself.
    response.then(
      () => {
        this.#respondedAt ??= Date.now();
      },
      (error: unknown) => this.fail(error),
    );
    const request = this;
    sent.parseResponse = function parseAndMeter(this: unknown, client: unknown, props: ResponseProps): Promise<unknown> {
      let parsed: unknown;
      try {
        parsed = parseResponse.call(this, client, props);
      } catch (error) {
        request.fail(error);
        throw error;
      }
      return Promise.resolve(parsed).then(
        (data) => request.complete(data, props),
        (error: unknown) => {
          request.fail(error);
          throw error;
        },
      );
    };
    return this.#decorate(sent, false);
  }

  /** {@link MeteredRequest.wrap} for an `APIPromise` without `parseResponse`: a chained one that meters its result. */
  #wrapChained(sent: ApiPromise): ApiPromise {
    sent.asResponse().then(
      () => {
        this.#respondedAt ??= Date.now();
      },
      (error: unknown) => this.fail(error),
    );
    return this.#decorate(sent._thenUnwrap((data, props) => this.complete(data, props)), true);
  }

  /** The parsed result: a report for a result, a watched stream for a stream. */
  complete(data: unknown, props: ResponseProps | undefined): unknown {
    try {
      const requestId = requestIdOf(data, props);
      if (isSdkStream(data)) return this.#watchStream(data, requestId);
      if (this.#tracker.finished) {
        // Recorded already (through a lone `asResponse()` read first): end() returns that report.
        this.#report = this.#tracker.end({});
      } else {
        // A fresh object from the operation: latency is set on it rather than copied.
        const usage = this.#operation.usage(data, this.#body, this.#prompt) as { latencyMs?: number };
        if (this.#respondedAt !== undefined) usage.latencyMs = Math.max(0, this.#respondedAt - this.#tracker.startedAt);
        this.#report = this.#tracker.end(usage, requestId === undefined ? undefined : { requestId });
      }
      return this.attachTo(data);
    } catch {
      // Metering never breaks the caller's result.
      return data;
    }
  }

  /** Records a failed or aborted request (once), with what it consumed. */
  fail(error: unknown): void {
    if (this.#tracker.finished) return;
    const failure = failureOf(error);
    const outcome: RequestOutcome = { status: failureStatus(failure), error: failure };
    if (refusedBeforeInference(failure)) {
      this.#tracker.finish({ ...this.#operation.nothingGenerated, inputTokens: 0, outputTokens: 0 }, outcome);
      return;
    }
    let usage: RequestUsage = this.#operation.nothingGenerated;
    try {
      const prompt = this.#prompt();
      usage = { ...usage, inputTokens: prompt.tokens, tokenSource: prompt.tokenSource };
    } catch {
      // Counting never breaks the caller's error.
    }
    this.#tracker.finish(usage, outcome);
  }

  /** Attaches the report (or the stream's promise of it) to a result, a chained helper's included. */
  attachTo<Value>(value: Value): Value {
    const impact = this.#report ?? this.#streamReport;
    if (impact !== undefined && typeof value === 'object' && value !== null && !(value instanceof Promise)) attachImpact(value, impact);
    return value;
  }

  #watchStream(stream: SdkStream, requestId: string | undefined): SdkStream {
    if (this.#streamReport !== undefined) return stream;
    const watcher = this.#operation.watch?.(this.#body, this.#injectedUsage) ?? promptOnlyWatcher(this.#operation);
    let settle: (report: ImpactReport) => void = () => undefined;
    const report = new Promise<ImpactReport>((resolve) => {
      settle = resolve;
    });
    instrumentStream(stream, watcher, this.#streamEnd(watcher, requestId, settle));
    this.#streamReport = report;
    attachImpact(stream, report);
    // Branches of `tee()` are new streams: they carry the same report.
    const tee = stream.tee;
    define(stream, 'tee', function teeWithImpact(this: SdkStream, ...args: unknown[]): unknown[] {
      const branches = (tee as (...teeArgs: unknown[]) => unknown[]).apply(this, args);
      if (Array.isArray(branches)) for (const branch of branches) attachImpact(branch, report);
      return branches;
    });
    return stream;
  }

  /**
   * What to call when the stream ends, made where the stream is out of reach: the abort signal
   * keeps it, and it must not keep the stream (a stream dropped unread is collected, as the SDK's
   * own, which closes its response).
   */
  #streamEnd(watcher: UsageWatcher, requestId: string | undefined, resolve: (report: ImpactReport) => void): (end: StreamEnd) => void {
    return (end) => this.#endStream(watcher, end, requestId, resolve);
  }

  #endStream(watcher: UsageWatcher, end: StreamEnd, requestId: string | undefined, resolve: (report: ImpactReport) => void): void {
    const latencyMs = Math.max(0, Date.now() - this.#tracker.startedAt);
    const failure = end.error === undefined ? undefined : failureOf(end.error);
    const outcome: RequestOutcome = {
      status: end.status,
      ...(failure === undefined ? {} : { error: failure }),
      ...(requestId === undefined ? {} : { requestId }),
    };
    const finish = (): void => {
      let usage: RequestUsage;
      try {
        usage = watcher.usage(this.#prompt);
      } catch {
        usage = this.#operation.nothingGenerated;
      }
      resolve(this.#tracker.finish({ ...usage, latencyMs }, outcome));
    };
    // Counts are exact once gpt-tokenizer has loaded: wait for it (the stream itself has ended).
    if (watcher.counts) loadTokenizer().then(finish, finish);
    else finish();
  }

  /** `asResponse()` alone never parses the body: read a copy of it, so that the request counts. */
  #watchRaw(response: Promise<RawResponse>): void {
    response.then(
      (raw) => {
        if (this.#rawWatched || this.#tracker.finished) return;
        this.#rawWatched = true;
        if (this.#operation.streamed(this.#body)) {
          // The caller reads the events itself: only the prompt is known.
          const prompt = this.#prompt();
          this.#tracker.finish({ ...this.#operation.nothingGenerated, inputTokens: prompt.tokens, tokenSource: prompt.tokenSource }, { streamed: true });
          return;
        }
        if (this.#operation.withoutResult === true) {
          this.complete(null, { response: raw });
          return;
        }
        let copy: ReturnType<RawResponse['clone']>;
        try {
          copy = raw.clone();
        } catch {
          return; // The SDK is already reading the body: it will meter the result.
        }
        const json = (raw.headers.get('content-type') ?? '').includes('json');
        (json ? copy.json() : copy.text()).then(
          (data) => this.complete(data, { response: raw }),
          () => undefined,
        );
      },
      () => undefined,
    );
  }

  /**
   * Decorates an `APIPromise` in place, keeping its class and every method: failures while its
   * body is parsed are recorded (`watchParse`, unless its `parseResponse` already meters them),
   * promises chained with `_thenUnwrap` (the SDK's helpers: `parse`, `responses.parse`…) are
   * decorated too, meter their result and carry the report, and a lone `asResponse()` still gets
   * the request recorded.
   */
  #decorate(promise: ApiPromise, watchParse: boolean): ApiPromise {
    const request = this;
    const parse = promise.parse;
    if (watchParse && typeof parse === 'function') {
      let watched = false;
      define(promise, 'parse', function parseAndWatch(this: ApiPromise): Promise<unknown> {
        const parsed = parse.call(this);
        if (!watched) {
          watched = true;
          parsed.then(undefined, (error: unknown) => request.fail(error));
        }
        return parsed;
      });
    }
    const thenUnwrap = promise._thenUnwrap;
    define(promise, '_thenUnwrap', function thenUnwrapWithImpact(this: ApiPromise, transform: (data: unknown, props: ResponseProps) => unknown): ApiPromise {
      // openai 7's chained promises parse with the SDK's own function, not with `parseResponse`:
      // the result is metered here (a second time is a no-op), and failures by watching `parse`.
      return request.#decorate(thenUnwrap.call(this, (data: unknown, props: ResponseProps) => request.attachTo(transform(request.complete(data, props), props))), true);
    });
    const asResponse = promise.asResponse;
    const withResponse = promise.withResponse;
    let insideWithResponse = false;
    define(promise, 'asResponse', function asResponseWatched(this: ApiPromise): Promise<RawResponse> {
      const response = asResponse.call(this);
      // openai 6's withResponse() calls asResponse() and parses the body itself.
      if (!insideWithResponse) request.#watchRaw(response);
      return response;
    });
    define(promise, 'withResponse', function withResponseParsed(this: ApiPromise): Promise<unknown> {
      insideWithResponse = true;
      try {
        return withResponse.call(this);
      } finally {
        insideWithResponse = false;
      }
    });
    return promise;
  }
}

/**
 * Replaces an SDK method by one that meters every call: budgets are checked before anything is
 * sent (a refused call rejects with `BudgetExceededError` and makes no request), the body gets
 * what metering needs (stream usage), and the SDK's own `APIPromise` is returned.
 *
 * @param original - The SDK's method (from the resource's prototype).
 * @param operation - How to meter it.
 * @param settings - The wrapped client's settings.
 * @returns The metering method, to define on the resource instance.
 */
export function meteredMethod(original: (...args: unknown[]) => unknown, operation: Operation, settings: ClientSettings): (this: unknown, body: unknown, requestOptions?: unknown, ...rest: unknown[]) => unknown {
  return function metered(this: unknown, body: unknown, requestOptions?: unknown, ...rest: unknown[]): unknown {
    let options = requestOptions;
    let requestCall: ImpactCallOptions | undefined;
    if (hasCallOptions(requestOptions)) ({ call: requestCall, requestOptions: options } = splitCallOptions(requestOptions));
    const call = mergeCallOptions(settings.call, requestCall);
    const request: Body = isRecord(body) ? body : {};
    let tracker: RequestTracker;
    try {
      tracker = trackRequest(
        settings.options,
        { provider: settings.provider, model: operation.model(request), operation: operation.operation, streamed: operation.streamed(request) },
        call,
      );
    } catch (error) {
      return settings.rejected(error);
    }
    const prepared = operation.prepare?.(request, settings.includeStreamUsage);
    const sent = options === undefined && rest.length === 0 ? original.call(this, prepared ?? body) : original.call(this, prepared ?? body, options, ...rest);
    const metered = new MeteredRequest(tracker, operation, request, prepared !== undefined);
    if (typeof sent === 'object' && sent !== null && typeof (sent as ApiPromise)._thenUnwrap === 'function' && typeof (sent as ApiPromise).asResponse === 'function') {
      return metered.wrap(sent as ApiPromise);
    }
    // Not an APIPromise (an SDK this adapter does not know): meter the plain promise, same object.
    if (typeof (sent as PromiseLike<unknown> | undefined)?.then === 'function') {
      (sent as PromiseLike<unknown>).then(
        (data) => metered.complete(data, undefined),
        (error: unknown) => metered.fail(error),
      );
    }
    return sent;
  };
}
