import { DeferredEstimate, type DeferredReport } from './deferred-report';
import type { ImpactReport } from './impact-report';

/**
 * A provider result that carries its impact: a report for a finished request, a promise of one
 * for a stream (settled when the stream ends, breaks, aborts or fails).
 */
export type WithImpact<Result, Impact = ImpactReport> = Result & { readonly impact: Impact };

/** A stream that carries the promise of its impact report, settled when the stream ends. */
export type WithStreamImpact<Stream> = WithImpact<Stream, Promise<ImpactReport>>;

/**
 * What {@link attachImpact} may attach: a report, a report computed on first read (from
 * `RequestTracker.end()`), or the promise of a report for a stream.
 */
export type AttachedImpact = ImpactReport | DeferredReport | Promise<ImpactReport>;

/**
 * Side channel for the results that cannot take the property (frozen objects, results that
 * already have an `impact` field of their own, proxies that refuse it), so that
 * {@link getImpact} also works for them. Only those go in: a weak map entry per request would
 * make every garbage collection of the process do ephemeron work for each result in flight, which
 * costs more CPU than the whole estimate (measured in bench/openai-overhead.mjs).
 */
const attached = new WeakMap<object, AttachedImpact>();

/** Whether an attached impact is a report computed on first read. */
function isDeferred(impact: AttachedImpact): impact is DeferredReport {
  return !(impact instanceof Promise) && 'report' in impact;
}

/** A base class whose constructor returns the object it is given, for {@link DeferredSlot}. */
class Stamped {
  constructor(target: object) {
    return target as Stamped;
  }
}

/**
 * A result's deferred report, in a private field installed on the result itself (its class's base
 * constructor returns the result): invisible to keys, symbols, JSON, spreads and proxy traps.
 * One getter for every result can then find its report; a getter closure per result would give each
 * result a hidden class of its own, and a weak map costs every garbage collection work per entry.
 */
class DeferredSlot extends Stamped {
  #deferred: DeferredReport;

  private constructor(target: object, deferred: DeferredReport) {
    super(target);
    this.#deferred = deferred;
  }

  static read(target: object): DeferredReport | undefined {
    return #deferred in target ? (target as DeferredSlot).#deferred : undefined;
  }

  static write(target: object, deferred: DeferredReport): void {
    if (#deferred in target) (target as DeferredSlot).#deferred = deferred;
    else new DeferredSlot(target, deferred);
  }
}

/** The getter of `impact` for a deferred report, one for every result: computes it when first read. */
function readDeferredImpact(this: unknown): ImpactReport | undefined {
  return typeof this === 'object' && this !== null ? DeferredSlot.read(this)?.report : undefined;
}

/**
 * The impact WattLens defined on a result: its own `impact` property, non-enumerable and
 * configurable, as {@link attachImpact} defines it (a provider's field, parsed from JSON, is
 * enumerable and writable): read-only with the report as value, or with the getter of a deferred
 * report; else the side channel's.
 */
function attachedTo(target: object): AttachedImpact | undefined {
  const own = Object.getOwnPropertyDescriptor(target, 'impact');
  if (own !== undefined && own.enumerable === false && own.configurable === true) {
    if (own.get === readDeferredImpact) {
      const deferred = DeferredSlot.read(target);
      if (deferred !== undefined) return deferred;
    } else if (own.writable === false) {
      const value: unknown = own.value;
      if (typeof value === 'object' && value !== null) return value as AttachedImpact;
    }
  }
  return attached.get(target);
}

/** The descriptor of `impact`, one for every result (its value is set for the call and cleared). */
const IMPACT_PROPERTY: PropertyDescriptor = { value: undefined, enumerable: false, configurable: true, writable: false };
/** The descriptor of `impact` for a deferred report, one for every result. */
const DEFERRED_IMPACT_PROPERTY: PropertyDescriptor = Object.freeze({ get: readDeferredImpact, enumerable: false, configurable: true });

/**
 * Attaches an impact report (or, for a stream, the promise of one) to a provider result as a
 * non-enumerable `impact` property: `JSON.stringify(result)`, `Object.keys(result)` and spreads
 * are unchanged, the object and its prototype stay the same. A result that already has an
 * `impact` property of its own that WattLens did not put there keeps it; so does a frozen
 * result. Either way {@link getImpact} finds the report. Primitives (a `string` transcript, say)
 * cannot carry anything and are returned as they are.
 *
 * A deferred report (from `RequestTracker.end()`) is attached as a getter that computes the report
 * on first read; `result.impact` then gives the same report object at every read.
 *
 * @param result - The provider's result: a completion, a response, a stream…
 * @param impact - The report, a deferred report, or the promise of a stream's report.
 * @returns The same `result`, typed with its `impact`.
 * @example
 * ```ts
 * const completion = attachImpact(await send(body), tracker.end(usage));
 * completion.impact.gwp.value;       // kgCO2eq, computed at this first read
 * JSON.stringify(completion);        // as the provider sent it: no `impact` key
 * ```
 */
export function attachImpact<Result>(result: Result, impact: DeferredReport): WithImpact<Result>;
export function attachImpact<Result, Impact extends ImpactReport | Promise<ImpactReport>>(result: Result, impact: Impact): WithImpact<Result, Impact>;
export function attachImpact<Result>(result: Result, impact: AttachedImpact): WithImpact<Result, ImpactReport | Promise<ImpactReport>>;
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
      // A report computed already (for a hook) is attached as it is: reading it is then a plain read.
      if (isDeferred(impact) && !(impact instanceof DeferredEstimate && impact.computed)) {
        DeferredSlot.write(target, impact);
        defined = Reflect.defineProperty(target, 'impact', DEFERRED_IMPACT_PROPERTY);
        // Reading the property would compute the report: its presence is checked instead.
        if (defined && Object.hasOwn(target, 'impact')) return result as WithImpact<Result, Impact>;
      } else {
        const value = isDeferred(impact) ? impact.report : impact;
        try {
          IMPACT_PROPERTY.value = value;
          defined = Reflect.defineProperty(target, 'impact', IMPACT_PROPERTY);
        } finally {
          IMPACT_PROPERTY.value = undefined;
        }
        if (defined && (target as { readonly impact?: unknown }).impact === value) return result as WithImpact<Result, Impact>;
      }
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
  if (impact === undefined || impact instanceof Promise) return undefined;
  return isDeferred(impact) ? impact.report : impact;
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
