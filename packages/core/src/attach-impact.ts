import type { ImpactReport } from './impact-report';

/**
 * A provider result that carries its impact: a report for a finished request, a promise of one
 * for a stream (settled when the stream ends, breaks, aborts or fails).
 */
export type WithImpact<Result, Impact = ImpactReport> = Result & { readonly impact: Impact };

/** A stream that carries the promise of its impact report, settled when the stream ends. */
export type WithStreamImpact<Stream> = WithImpact<Stream, Promise<ImpactReport>>;

/** What {@link attachImpact} may attach: a report, or the promise of one for a stream. */
export type AttachedImpact = ImpactReport | Promise<ImpactReport>;

/**
 * Side channel for the results that cannot take the property (frozen objects, results that
 * already have an `impact` field of their own, proxies that refuse it), so that
 * {@link getImpact} also works for them. Only those go in: a weak map entry per request would
 * make every garbage collection of the process do ephemeron work for each result in flight, which
 * costs more CPU than the whole estimate (measured in bench/openai-overhead.mjs).
 */
const attached = new WeakMap<object, AttachedImpact>();

/**
 * The impact WattLens defined on a result: its own `impact` property, non-enumerable, read-only
 * and configurable, as {@link attachImpact} defines it (a provider's field, parsed from JSON, is
 * enumerable and writable); else the side channel's.
 */
function attachedTo(target: object): AttachedImpact | undefined {
  const own = Object.getOwnPropertyDescriptor(target, 'impact');
  if (own !== undefined && own.enumerable === false && own.configurable === true && own.writable === false) {
    const value: unknown = own.value;
    if (typeof value === 'object' && value !== null) return value as AttachedImpact;
  }
  return attached.get(target);
}

/** The descriptor of `impact`, one for every result (its value is set for the call and cleared). */
const IMPACT_PROPERTY: PropertyDescriptor = { value: undefined, enumerable: false, configurable: true, writable: false };

/**
 * Attaches an impact report (or, for a stream, the promise of one) to a provider result as a
 * non-enumerable `impact` property: `JSON.stringify(result)`, `Object.keys(result)` and spreads
 * are unchanged, the object and its prototype stay the same. A result that already has an
 * `impact` property of its own that WattLens did not put there keeps it; so does a frozen
 * result. Either way {@link getImpact} finds the report. Primitives (a `string` transcript, say)
 * cannot carry anything and are returned as they are.
 *
 * @param result - The provider's result: a completion, a response, a stream…
 * @param impact - The report, or the promise of a stream's report.
 * @returns The same `result`, typed with its `impact`.
 * @example
 * ```ts
 * const completion = attachImpact(await send(body), tracker.finish(usage));
 * completion.impact.gwp.value;       // kgCO2eq
 * JSON.stringify(completion);        // as the provider sent it: no `impact` key
 * ```
 */
export function attachImpact<Result, Impact extends AttachedImpact>(result: Result, impact: Impact): WithImpact<Result, Impact> {
  if ((typeof result !== 'object' && typeof result !== 'function') || result === null) return result as WithImpact<Result, Impact>;
  const target = result as object;
  // Never overwrite a field of the provider's own: only one WattLens defined (non-enumerable, configurable).
  let ours: boolean;
  if (Object.hasOwn(target, 'impact')) {
    const own = Object.getOwnPropertyDescriptor(target, 'impact');
    ours = own?.configurable === true && own.enumerable === false;
  } else {
    ours = Object.isExtensible(target);
  }
  if (ours) {
    try {
      // getImpact() reads the property before the side channel: nothing to remove from it. (A
      // Proxy may claim success and keep nothing: it then gets the side channel too.)
      let defined: boolean;
      try {
        IMPACT_PROPERTY.value = impact;
        defined = Reflect.defineProperty(target, 'impact', IMPACT_PROPERTY);
      } finally {
        IMPACT_PROPERTY.value = undefined;
      }
      if (defined && (target as { readonly impact?: unknown }).impact === impact) return result as WithImpact<Result, Impact>;
    } catch {
      // An exotic object (a Proxy that throws): the side channel below.
    }
  }
  attached.set(target, impact);
  return result as WithImpact<Result, Impact>;
}

/**
 * Reads back the impact report attached to a provider result by a WattLens adapter, or
 * `undefined` for a result of an unwrapped client, a primitive, or a stream (whose report is a
 * promise: see {@link getStreamImpact}).
 *
 * @param result - A result returned by a wrapped client.
 * @returns The report, or `undefined`.
 * @example
 * ```ts
 * const completion = await client.chat.completions.create(body);
 * console.log(getImpact(completion)?.gwp.value);
 * ```
 */
export function getImpact(result: unknown): ImpactReport | undefined {
  if ((typeof result !== 'object' && typeof result !== 'function') || result === null) return undefined;
  const impact = attachedTo(result);
  return impact instanceof Promise ? undefined : impact;
}

/**
 * Reads back the promise of a stream's impact report, attached by a WattLens adapter. It settles
 * when the stream ends, breaks, aborts or fails. `undefined` for anything else (a non-stream
 * result: see {@link getImpact}).
 *
 * @param stream - A stream returned by a wrapped client.
 * @returns The promise of the report, or `undefined`.
 * @example
 * ```ts
 * const stream = await client.chat.completions.create({ ...body, stream: true });
 * for await (const chunk of stream) render(chunk);
 * console.log((await getStreamImpact(stream))?.energy.value);
 * ```
 */
export function getStreamImpact(stream: unknown): Promise<ImpactReport> | undefined {
  if ((typeof stream !== 'object' && typeof stream !== 'function') || stream === null) return undefined;
  const impact = attachedTo(stream);
  return impact instanceof Promise ? impact : undefined;
}
