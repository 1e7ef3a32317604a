import type { ImpactCallOptions } from '@wattlens/core';
import { CALL_OPTIONS } from './internal/metered-request';

/**
 * Per-call WattLens options, passed where the SDK takes its request options, so that every method
 * keeps its own signature: `tags` for this request (over the client's), an `onImpact` hook called
 * once for it (after the client's), and `zone`, `pue`, `wue` or `methodology` overrides. The
 * options travel under a symbol key that the wrapped client removes before the SDK sees them;
 * helpers (`parse`, `stream`, `runTools`) pass them on to every request they make. An unwrapped
 * client ignores them.
 *
 * @param call - WattLens options for this request.
 * @param requestOptions - The SDK's own request options (`timeout`, `signal`, `headers`…), kept as they are.
 * @returns The request options to pass as the SDK method's second argument.
 * @example
 * ```ts
 * const completion = await client.chat.completions.create(
 *   { model: 'gpt-4o-mini', messages },
 *   withCallImpact({ tags: { user: 'ada' }, onImpact: (report) => log(report.gwp.value) }, { timeout: 10_000 }),
 * );
 * ```
 */
export function withCallImpact<RequestOptions extends object = {}>(call: ImpactCallOptions, requestOptions?: RequestOptions): RequestOptions {
  return { ...requestOptions, [CALL_OPTIONS]: call } as RequestOptions;
}
