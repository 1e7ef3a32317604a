import type { ImpactCallOptions, ImpactOptions, RequestOutcome, RequestTarget, RequestUsage } from './instrumentation';
import type { StreamEnd } from './stream-observer';
import { attachImpact, type WithImpact } from './attach-impact';
import { failureStatus, refusedBeforeInference, type AbortSignalLike } from './failure-status';
import { trackRequest } from './instrumentation';

/** How {@link meterCall} reads a request and its result. Every function must be side-effect free. */
export interface MeterCallReader<Result> {
  /** Usage of a successful result (token counts, pages, images…; never text). */
  readonly usage: (result: Result) => RequestUsage;
  /** Usage of a request that threw: what it consumed, estimated when unknown. @default no tokens */
  readonly failed?: () => RequestUsage;
  /** The provider's request id of a result. */
  readonly requestId?: ((result: Result) => string | undefined) | undefined;
  /** The request's abort signal, to tell an abort from a failure. */
  readonly signal?: AbortSignalLike | null | undefined;
  /**
   * What to record of an error, for SDKs whose errors keep their HTTP status elsewhere than in
   * `status` or `statusCode` (only `name` and `status` of the returned value are kept). The caller
   * still receives the original error. @default the error itself
   */
  readonly describeError?: (error: unknown) => unknown;
}

function safely(read: (() => RequestUsage) | undefined): RequestUsage {
  if (read === undefined) return {};
  try {
    return read();
  } catch {
    // A result of an unexpected shape: record the request without counts rather than fail it.
    return {};
  }
}

/** The usage of a refused request: what `failed` says (its modality, no media amount) with no token. */
function refusedUsage(failed: RequestUsage): RequestUsage {
  const { tokenSource: _counted, ...rest } = failed;
  return { ...rest, inputTokens: 0, outputTokens: 0 };
}

/**
 * Meters one promise-returning SDK call, the way every adapter does: checks the budgets before
 * sending (a `BudgetExceededError` rejects the call, nothing is sent), sends, then records the
 * request once and attaches the report to the result as a non-enumerable `impact`. A failed call
 * is recorded as `failed` or `aborted` (with no tokens when the provider refused it with a 4xx
 * answer), and its error reaches the caller as the same object.
 *
 * @param options - The client's impact options.
 * @param target - Provider, model and operation of the request.
 * @param call - The call's own options.
 * @param send - Sends the request (the original SDK method, bound to its instance).
 * @param reader - Reads usage from the result, and what a failed request consumed.
 * @returns The SDK's result, with its `impact`.
 * @throws {BudgetExceededError} when a blocking budget is spent (before sending), or whatever `send` throws.
 * @example
 * ```ts
 * return meterCall(options, { provider: 'mistral', model: request.model, operation: 'embeddings' }, call,
 *   () => original.call(embeddings, request, requestOptions),
 *   { usage: (result) => ({ inputTokens: result.usage.promptTokens, modality: 'embedding' }) });
 * ```
 */
export async function meterCall<Result>(
  options: ImpactOptions,
  target: RequestTarget,
  call: ImpactCallOptions,
  send: () => Promise<Result>,
  reader: MeterCallReader<Result>,
): Promise<WithImpact<Result>> {
  const tracker = trackRequest(options, target, call);
  let result: Result;
  try {
    result = await send();
  } catch (error) {
    let recorded: unknown = error;
    try {
      recorded = reader.describeError === undefined ? error : reader.describeError(error);
    } catch {
      recorded = error;
    }
    // A 4xx answer: the provider refused the request before running the model, nothing was consumed.
    tracker.finish(refusedBeforeInference(recorded) ? refusedUsage(safely(reader.failed)) : safely(reader.failed), { error: recorded, status: failureStatus(error, reader.signal) });
    throw error;
  }
  let requestId: string | undefined;
  try {
    requestId = reader.requestId?.(result);
  } catch {
    requestId = undefined;
  }
  // The report is computed when something reads it: the result's `impact`, a hook, the meter.
  return attachImpact(result, tracker.end(safely(() => reader.usage(result)), requestId === undefined ? undefined : { requestId }));
}

/**
 * The outcome of a streamed request from how its stream ended: `completed` when it ran to its
 * end, or when the consumer stopped after the generation had finished; `aborted` when the
 * consumer stopped it early; `failed` or `aborted` (by its signal) when it errored.
 *
 * @param end - How the stream ended, from `observeReadableStream` / `observeAsyncIterable`.
 * @param generationFinished - Whether the provider had finished generating (final usage or a finish reason seen).
 * @param signal - The request's abort signal, if any.
 * @returns What `RequestTracker.finish()` takes as its outcome.
 * @example
 * ```ts
 * onEnd: (end) => resolve(tracker.finish(usage.toRequestUsage(prompt), streamOutcome(end, usage.finished, signal)))
 * ```
 */
export function streamOutcome(end: StreamEnd, generationFinished: boolean, signal?: AbortSignalLike | null): RequestOutcome {
  switch (end.reason) {
    case 'completed':
      return { streamed: true };
    case 'cancelled':
      return generationFinished ? { streamed: true } : { status: 'aborted', streamed: true };
    default:
      return { error: end.error, status: failureStatus(end.error, signal), streamed: true };
  }
}
