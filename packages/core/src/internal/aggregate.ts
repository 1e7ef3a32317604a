import type { ImpactTags } from '../impact-context';
import type { ImpactRecord } from '../impact-record';
import type { ImpactBreakdown, ImpactTotals } from '../impact-totals';
import type { ImpactReport, Impacts, Range } from '../impact-report';
import { setOwn } from './own-property';

/** Key under which values past a breakdown's cap are summed. */
export const OTHER_KEY = '(other)';

const CRITERIA = ['energy', 'gwp', 'adpe', 'pe', 'water'] as const;
/** Requests, input tokens, output tokens, failed, aborted, then value/min/max of each criterion. */
const FIRST_CRITERION = 5;
const SLOTS = FIRST_CRITERION + 3 * CRITERIA.length;

/** What an accumulator sums of one request: a record, or a report with its status. */
export interface DeltaSource {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly status: ImpactRecord['status'];
  readonly energy: Range;
  readonly gwp: Range;
  readonly adpe: Range;
  readonly pe: Range;
  readonly water: Range;
}

/**
 * The amounts one request adds to an accumulator, in accumulator order: computed once per
 * request, into `delta` when given (a meter reuses one array: allocating a typed array costs more
 * than the whole aggregation, and each one is an array buffer for the garbage collector to sweep).
 */
export function recordDelta(record: DeltaSource, delta: Float64Array = new Float64Array(SLOTS)): Float64Array {
  return fillDelta(delta, record.inputTokens, record.outputTokens, record.status, record);
}

/** {@link recordDelta} of a report and its status, without building a record. */
export function reportDelta(report: ImpactReport, status: ImpactRecord['status'], delta: Float64Array): Float64Array {
  return fillDelta(delta, report.request.inputTokens, report.request.outputTokens, status, report);
}

/**
 * Where a delta's impacts start: energy, gwp, adpe, pe, water, each value, min, max (15 numbers,
 * which a caller that has them as numbers writes itself before {@link countsDelta}).
 */
export const DELTA_IMPACTS = FIRST_CRITERION;

/** Writes the request count, tokens and status of a delta whose impacts are written already. */
export function countsDelta(delta: Float64Array, inputTokens: number, outputTokens: number, status: ImpactRecord['status']): Float64Array {
  delta[0] = 1;
  delta[1] = inputTokens;
  delta[2] = outputTokens;
  delta[3] = status === 'failed' ? 1 : 0;
  delta[4] = status === 'aborted' ? 1 : 0;
  return delta;
}

function fillDelta(delta: Float64Array, inputTokens: number, outputTokens: number, status: ImpactRecord['status'], impacts: Impacts): Float64Array {
  countsDelta(delta, inputTokens, outputTokens, status);
  let slot = FIRST_CRITERION;
  for (const criterion of CRITERIA) {
    const range = impacts[criterion];
    delta[slot] = range.value;
    delta[slot + 1] = range.min;
    delta[slot + 2] = range.max;
    slot += 3;
  }
  return delta;
}

/** An array for {@link recordDelta} to fill. */
export function newDelta(): Float64Array {
  return new Float64Array(SLOTS);
}

/** Sums of one set of requests, packed in a typed array (see {@link recordDelta} for the order). */
export class Accumulator {
  readonly data = new Float64Array(SLOTS);

  add(delta: Float64Array): void {
    const data = this.data;
    for (let slot = 0; slot < SLOTS; slot += 1) data[slot] = (data[slot] as number) + (delta[slot] as number);
  }

  merge(other: Accumulator): void {
    this.add(other.data);
  }

  totals(): ImpactTotals {
    const data = this.data;
    const range = (slot: number): Range => ({ value: data[slot] ?? 0, min: data[slot + 1] ?? 0, max: data[slot + 2] ?? 0 });
    return {
      requests: data[0] ?? 0,
      inputTokens: data[1] ?? 0,
      outputTokens: data[2] ?? 0,
      failed: data[3] ?? 0,
      aborted: data[4] ?? 0,
      energy: range(FIRST_CRITERION),
      gwp: range(FIRST_CRITERION + 3),
      adpe: range(FIRST_CRITERION + 6),
      pe: range(FIRST_CRITERION + 9),
      water: range(FIRST_CRITERION + 12),
    };
  }
}

/** Accumulators by key, with at most `cap` keys; further keys are summed under {@link OTHER_KEY}. */
export class Breakdown {
  readonly entries = new Map<string, Accumulator>();
  readonly #cap: number;
  #lastKey: string | undefined;
  #last: Accumulator | undefined;
  #lastFolded = false;

  constructor(cap: number) {
    this.#cap = cap;
  }

  /** Whether the last {@link Breakdown.slot} call folded its key into {@link OTHER_KEY}. */
  folded = false;

  /** The accumulator for a key (see {@link Breakdown.folded} for whether it was folded into {@link OTHER_KEY}). */
  slot(key: string): Accumulator {
    // Requests come in runs of the same provider and model: the last key is answered first.
    if (key === this.#lastKey && this.#last !== undefined) {
      this.folded = this.#lastFolded;
      return this.#last;
    }
    let accumulator = this.entries.get(key);
    let folded = false;
    if (accumulator === undefined) {
      folded = this.entries.size - (this.entries.has(OTHER_KEY) ? 1 : 0) >= this.#cap;
      const name = folded ? OTHER_KEY : key;
      accumulator = this.entries.get(name);
      if (accumulator === undefined) {
        accumulator = new Accumulator();
        this.entries.set(name, accumulator);
      }
    }
    // Keys are never removed from a breakdown: the answer for a key stays right.
    this.#lastKey = key;
    this.#last = accumulator;
    this.#lastFolded = folded;
    this.folded = folded;
    return accumulator;
  }

  toRecord(): Record<string, ImpactTotals> {
    const result: Record<string, ImpactTotals> = {};
    for (const [key, accumulator] of this.entries) setOwn(result, key, accumulator.totals());
    return result;
  }
}

/** Caps that keep an aggregate's memory bounded. */
export interface AggregateCaps {
  /** Most distinct values per breakdown (providers, models, values of one tag key). */
  readonly breakdownKeys: number;
  /** Most distinct tag keys broken down. */
  readonly tagKeys: number;
}

/** What an added record overflowed, as bits: {@link FOLDED}, {@link UNTRACKED_TAG_KEY}. */
export type Overflow = number;
/** A value past a breakdown's cap was summed under {@link OTHER_KEY}. */
export const FOLDED = 1;
/** A tag key past the cap on tag keys was not broken down. */
export const UNTRACKED_TAG_KEY = 2;

/** Totals with breakdowns by provider, model and tag, under fixed caps. */
export class Aggregate {
  readonly total = new Accumulator();
  readonly byProvider: Breakdown;
  readonly byModel: Breakdown;
  readonly byTag = new Map<string, Breakdown>();
  readonly #caps: AggregateCaps;

  constructor(caps: AggregateCaps) {
    this.#caps = caps;
    this.byProvider = new Breakdown(caps.breakdownKeys);
    this.byModel = new Breakdown(caps.breakdownKeys);
  }

  /**
   * Adds one request: `delta` is its {@link recordDelta}, `modelKey` its `provider/model`, `tags`
   * its tags (strings).
   *
   * @returns The overflow bits ({@link FOLDED}, {@link UNTRACKED_TAG_KEY}), 0 when none.
   */
  add(delta: Float64Array, provider: string, modelKey: string, tags: ImpactTags): Overflow {
    let overflow = 0;
    this.total.add(delta);
    overflow |= this.#into(this.byProvider, provider, delta);
    overflow |= this.#into(this.byModel, modelKey, delta);
    for (const key in tags) {
      if (!Object.hasOwn(tags, key)) continue;
      let breakdown = this.byTag.get(key);
      if (breakdown === undefined) {
        if (this.byTag.size >= this.#caps.tagKeys) {
          overflow |= UNTRACKED_TAG_KEY;
          continue;
        }
        breakdown = new Breakdown(this.#caps.breakdownKeys);
        this.byTag.set(key, breakdown);
      }
      overflow |= this.#into(breakdown, tags[key] as string, delta);
    }
    return overflow;
  }

  /** Adds another aggregate's sums into this one (same caps apply). */
  merge(other: Aggregate): void {
    this.total.merge(other.total);
    mergeBreakdown(this.byProvider, other.byProvider);
    mergeBreakdown(this.byModel, other.byModel);
    for (const [key, breakdown] of other.byTag) {
      let target = this.byTag.get(key);
      if (target === undefined) {
        if (this.byTag.size >= this.#caps.tagKeys) continue;
        target = new Breakdown(this.#caps.breakdownKeys);
        this.byTag.set(key, target);
      }
      mergeBreakdown(target, breakdown);
    }
  }

  /** Number of accumulators held (for the memory bound). */
  get size(): number {
    let size = 1 + this.byProvider.entries.size + this.byModel.entries.size;
    for (const breakdown of this.byTag.values()) size += breakdown.entries.size;
    return size;
  }

  toBreakdown(): ImpactBreakdown {
    const byTag: Record<string, Record<string, ImpactTotals>> = {};
    for (const [key, breakdown] of this.byTag) setOwn(byTag, key, breakdown.toRecord());
    return {
      totals: this.total.totals(),
      byProvider: this.byProvider.toRecord(),
      byModel: this.byModel.toRecord(),
      byTag,
    };
  }

  #into(breakdown: Breakdown, key: string, delta: Float64Array): Overflow {
    breakdown.slot(key).add(delta);
    return breakdown.folded ? FOLDED : 0;
  }
}

function mergeBreakdown(target: Breakdown, source: Breakdown): void {
  for (const [key, accumulator] of source.entries) target.slot(key).merge(accumulator);
}
