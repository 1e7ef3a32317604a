import type { ImpactStatus } from './impact-context';

/**
 * Names of the errors SDKs and runtimes raise when the caller aborts a request: the WHATWG
 * `AbortError` (fetch, streams), Mistral's `RequestAbortedError`, OpenAI's and Anthropic's
 * `APIUserAbortError`.
 */
const ABORT_ERROR_NAMES: ReadonlySet<string> = new Set(['AbortError', 'RequestAbortedError', 'APIUserAbortError']);

/** The part of an `AbortSignal` that {@link failureStatus} reads. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

function errorName(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const name = (value as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tells whether a request that threw was aborted by its caller or failed: `aborted` when the
 * request's signal was aborted (unless by a timeout) or the error is an abort error (`AbortError`,
 * `RequestAbortedError`, `APIUserAbortError`); `failed` otherwise, timeouts included.
 *
 * @param error - What the request threw.
 * @param signal - The request's abort signal, when it had one.
 * @returns `'aborted'` or `'failed'`.
 * @example
 * ```ts
 * tracker.finish(usage, { error, status: failureStatus(error, requestOptions?.signal) });
 * ```
 */
export function failureStatus(error: unknown, signal?: AbortSignalLike | null): Extract<ImpactStatus, 'aborted' | 'failed'> {
  if (signal?.aborted === true) return errorName(signal.reason) === 'TimeoutError' ? 'failed' : 'aborted';
  const name = errorName(error);
  return name !== undefined && ABORT_ERROR_NAMES.has(name) ? 'aborted' : 'failed';
}

/**
 * Whether the provider refused a request before running the model: the error carries a 4xx HTTP
 * status (bad request, authentication, permission, unknown model, rate limit…), in `status` or
 * `statusCode`. Such a request consumed no tokens: adapters record it as failed with none, where a
 * 5xx or a transport failure records the prompt (the model may have started on it).
 *
 * @param error - What the request threw (or what an adapter keeps of it, `{ name, status }`).
 * @returns `true` for a 4xx answer.
 * @example
 * ```ts
 * const usage = refusedBeforeInference(error) ? { inputTokens: 0, outputTokens: 0 } : promptUsage();
 * ```
 */
export function refusedBeforeInference(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  let status: unknown;
  try {
    const fields = error as { status?: unknown; statusCode?: unknown };
    status = typeof fields.status === 'number' ? fields.status : fields.statusCode;
  } catch {
    return false;
  }
  return typeof status === 'number' && status >= 400 && status < 500;
}
