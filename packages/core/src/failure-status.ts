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
