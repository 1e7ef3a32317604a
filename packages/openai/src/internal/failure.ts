import type { ImpactFailure } from '@wattlens/core';

/**
 * The error's class name: the SDK's errors keep `name === 'Error'`, so the constructor's name
 * (`RateLimitError`, `APIUserAbortError`…) says more. Never the message, which can echo the prompt.
 */
function errorName(error: object): string {
  try {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name.slice(0, 100);
    const constructorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object') return constructorName.slice(0, 100);
  } catch {
    // A throwing getter: keep the generic name.
  }
  return 'Error';
}

/**
 * What is kept of a failure (name and HTTP status), as a stand-in passed to `finish()` and to
 * `failureStatus()`, which tell an abort by its name (`APIUserAbortError`, `AbortError`).
 */
export function failureOf(error: unknown): ImpactFailure {
  if (typeof error !== 'object' || error === null) return { name: typeof error };
  let status: unknown;
  try {
    status = (error as { status?: unknown }).status;
  } catch {
    status = undefined;
  }
  const name = errorName(error);
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? { name, status } : { name };
}

/**
 * Whether the provider refused the request before running the model: any 4xx answer (bad
 * request, authentication, rate limit…). Such a request consumed no tokens.
 */
export function refusedBeforeInference(failure: ImpactFailure): boolean {
  return failure.status !== undefined && failure.status >= 400 && failure.status < 500;
}
