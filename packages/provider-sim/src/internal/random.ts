/**
 * Seeded, dependency-free pseudo-random numbers: FNV-1a to hash requests into seeds and
 * mulberry32 to draw from them. Both are public-domain algorithms chosen for being tiny and
 * stable across platforms, not for statistical quality.
 */

/** A deterministic stream of pseudo-random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [minimum, maximumExclusive). */
  integer(minimum: number, maximumExclusive: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32-bit) of a string's UTF-16 code units, mixed with a seed. */
export function hashString(text: string, seed = 0): number {
  let hash = (FNV_OFFSET ^ seed) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** FNV-1a (32-bit) of bytes, mixed with a seed. */
export function hashBytes(bytes: Uint8Array, seed = 0): number {
  let hash = (FNV_OFFSET ^ seed) >>> 0;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** A mulberry32 generator seeded with a 32-bit integer. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (minimum, maximumExclusive) => minimum + Math.floor(next() * Math.max(0, maximumExclusive - minimum)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick() needs a non-empty list');
      return item;
    },
  };
}

/** JSON with object keys sorted, so that equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A short lowercase hexadecimal id derived from a hash and a counter. */
export function hexId(hash: number, counter: number, length = 24): string {
  const random = createRandom(hash ^ Math.imul(counter + 1, 0x9e3779b1));
  let id = '';
  while (id.length < length) id += random.integer(0, 16).toString(16);
  return id;
}
