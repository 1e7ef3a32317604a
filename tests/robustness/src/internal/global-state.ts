// A fingerprint of the global state a hostile input could poison: the built-in prototypes, the
// default catalog, and what estimate() answers for a reference request.
import { defaultCatalog, estimate } from '@wattlens/core';

/** A value as text, whatever it is (objects without a prototype included). */
function describeValue(value: unknown): string {
  if (typeof value === 'function') return `function ${String((value as { name?: unknown }).name)}`;
  if (typeof value === 'object' && value !== null) return 'object';
  return typeof value === 'symbol' ? value.toString() : String(value);
}

/** Describes every own property of an object (names, symbols, values or accessors), as text. */
function describeObject(target: object): string {
  return Reflect.ownKeys(target)
    .map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      const value = descriptor === undefined ? 'missing' : 'value' in descriptor ? describeValue(descriptor.value) : `accessor ${describeValue(descriptor.get)} ${describeValue(descriptor.set)}`;
      return `${String(key)}=${value}:${descriptor?.writable}:${descriptor?.enumerable}:${descriptor?.configurable}`;
    })
    .sort()
    .join('\n');
}

/**
 * Takes a fingerprint of the state a poisoned input could change.
 *
 * @returns Text that two calls return identically unless something global changed.
 * @example
 * ```ts
 * const before = globalFingerprint();
 * // … fuzz …
 * expect(globalFingerprint()).toBe(before);
 * ```
 */
export function globalFingerprint(): string {
  const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Promise.prototype, Error.prototype, Map.prototype, Set.prototype];
  const reference = estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300, latencyMs: 2_000 });
  const probes = { polluted: ({} as Record<string, unknown>).polluted, isAdmin: ({} as Record<string, unknown>).isAdmin, toStringType: typeof ({}).toString };
  return JSON.stringify({
    prototypes: prototypes.map(describeObject),
    probes,
    objectPrototypeOfPlain: Object.getPrototypeOf({}) === Object.prototype,
    catalog: {
      models: defaultCatalog.models(),
      zones: defaultCatalog.zones(),
      providers: defaultCatalog.providers(),
      hardware: defaultCatalog.hardwareProfiles(),
    },
    reference,
  });
}

/** Property names that poison objects when assigned carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'] as const;

/**
 * An object with an own `__proto__` property (as `JSON.parse` makes one, unlike a literal), plus
 * the other dangerous keys, each holding a payload that would pollute `Object.prototype` if merged naively.
 *
 * @param extra - More properties.
 * @returns The hostile object.
 * @example
 * ```ts
 * meter.record(report, { tags: hostileObject({ user: 'ada' }) });
 * ```
 */
export function hostileObject(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const hostile = JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},"toString":"not a function","valueOf":"x","hasOwnProperty":"x"}') as Record<string, unknown>;
  return Object.assign(hostile, extra);
}
