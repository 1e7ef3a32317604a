import type { ImpactTags } from '../impact-context';
import type { ImpactBreakdown } from '../impact-totals';
import { Aggregate, type AggregateCaps } from './aggregate';

/** The sliding windows every meter keeps, with the width of their buckets. */
export const WINDOW_SPECS = {
  minute: { durationMs: 60_000, resolutionMs: 5_000 },
  hour: { durationMs: 3_600_000, resolutionMs: 300_000 },
  day: { durationMs: 86_400_000, resolutionMs: 3_600_000 },
} as const;

/** Name of a meter's sliding window. */
export type SlidingWindowName = keyof typeof WINDOW_SPECS;

/** Totals and breakdowns of the requests recorded in a sliding window that ends now. */
export interface WindowSnapshot extends ImpactBreakdown {
  /** Length of the window, in milliseconds. */
  readonly durationMs: number;
  /** Width of its buckets: the window covers the current bucket and the ones before it, so between `durationMs - resolutionMs` and `durationMs`. */
  readonly resolutionMs: number;
  /** Start of the oldest bucket counted, ISO 8601 UTC. */
  readonly from: string;
}

/**
 * A window of fixed length ending now, kept as a ring of bucket aggregates: memory is
 * `durationMs / resolutionMs` aggregates at most, whatever the number of records.
 */
export class SlidingWindow {
  readonly #buckets = new Map<number, Aggregate>();
  readonly #durationMs: number;
  readonly #resolutionMs: number;
  readonly #count: number;
  readonly #caps: AggregateCaps;
  /** The bucket index the window was last pruned for: pruning is needed only when it moves. */
  #prunedAt = Number.NEGATIVE_INFINITY;
  /** The bucket the last request went to, and its index (NaN: none). */
  #lastIndex = Number.NaN;
  #lastBucket: Aggregate | undefined;

  constructor(spec: { readonly durationMs: number; readonly resolutionMs: number }, caps: AggregateCaps) {
    this.#durationMs = spec.durationMs;
    this.#resolutionMs = spec.resolutionMs;
    this.#count = Math.round(spec.durationMs / spec.resolutionMs);
    this.#caps = caps;
  }

  /** Adds a request (see {@link Aggregate.add}) that happened at `time` (clamped to `now`); one older than the window is skipped. */
  add(delta: Float64Array, provider: string, modelKey: string, tags: ImpactTags, time: number, now: number): void {
    const current = Math.floor(now / this.#resolutionMs);
    const index = Math.min(Math.floor(time / this.#resolutionMs), current);
    this.#prune(current);
    if (index <= current - this.#count) return;
    // Most requests land in the bucket of the one before.
    let bucket = index === this.#lastIndex ? this.#lastBucket : this.#buckets.get(index);
    if (bucket === undefined) {
      bucket = new Aggregate(this.#caps);
      this.#buckets.set(index, bucket);
    }
    this.#lastIndex = index;
    this.#lastBucket = bucket;
    bucket.add(delta, provider, modelKey, tags);
  }

  snapshot(now: number, caps: AggregateCaps): WindowSnapshot {
    const current = Math.floor(now / this.#resolutionMs);
    this.#prune(current);
    const merged = new Aggregate(caps);
    for (const bucket of this.#buckets.values()) merged.merge(bucket);
    return {
      durationMs: this.#durationMs,
      resolutionMs: this.#resolutionMs,
      from: new Date((current - this.#count + 1) * this.#resolutionMs).toISOString(),
      ...merged.toBreakdown(),
    };
  }

  /** Buckets held and accumulators in them (for the memory bound). */
  get size(): { readonly buckets: number; readonly accumulators: number } {
    let accumulators = 0;
    for (const bucket of this.#buckets.values()) accumulators += bucket.size;
    return { buckets: this.#buckets.size, accumulators };
  }

  clear(): void {
    this.#buckets.clear();
    this.#prunedAt = Number.NEGATIVE_INFINITY;
    this.#lastIndex = Number.NaN;
    this.#lastBucket = undefined;
  }

  #prune(current: number): void {
    if (current === this.#prunedAt) return;
    this.#prunedAt = current;
    for (const index of this.#buckets.keys()) {
      if (index <= current - this.#count) this.#buckets.delete(index);
    }
    if (this.#lastIndex <= current - this.#count) {
      this.#lastIndex = Number.NaN;
      this.#lastBucket = undefined;
    }
  }
}
