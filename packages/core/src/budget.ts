import type { ImpactTags } from './impact-context';
import type { ImpactRecord } from './impact-record';

/** The impact a budget limits: energy (kWh), greenhouse gases (kgCO2eq), water (L), abiotic resources (kgSbeq) or primary energy (MJ). */
export type BudgetMetric = 'energy' | 'gwp' | 'water' | 'adpe' | 'pe';

/**
 * The span a budget's limit applies to. `request` limits each request on its own; `minute`,
 * `hour`, `day` and `month` are calendar windows in UTC that reset at their end (a `day` budget
 * resets at 00:00 UTC); `total` never resets.
 */
export type BudgetWindow = 'request' | 'minute' | 'hour' | 'day' | 'month' | 'total';

/** What happens once a budget is spent: only events (`warn`), or refuse the next request (`block`). */
export type BudgetPolicy = 'warn' | 'block';

/** Which requests a budget counts: all by default, or only those matching every field given. */
export interface BudgetScope {
  /** Provider id, e.g. `openai` (case-insensitive). */
  readonly provider?: string;
  /** Model id as the request named it. */
  readonly model?: string;
  /** Tags the request must carry with these exact values. */
  readonly tags?: ImpactTags;
}

/**
 * A limit on the impact of requests over a window, for a whole meter or for each value of a tag.
 *
 * @example
 * ```ts
 * const budget: Budget = { name: 'daily-co2-per-user', metric: 'gwp', limit: 0.05, window: 'day', per: 'user', policy: 'block' };
 * ```
 */
export interface Budget {
  /** Unique name within a meter; named by events and errors. */
  readonly name: string;
  readonly metric: BudgetMetric;
  /** The limit, in the metric's unit: kWh, kgCO2eq, L, kgSbeq or MJ. Must be > 0. */
  readonly limit: number;
  readonly window: BudgetWindow;
  /**
   * `block` refuses the next request once the budget is spent (a `request` budget cannot block:
   * a request's cost is known only once it has run). @default 'warn'
   */
  readonly policy?: BudgetPolicy;
  /** Fraction of the limit at which `budget-warning` is emitted, in (0, 1]. @default 0.8 */
  readonly warnAt?: number;
  /** Tag key whose every value gets its own budget (e.g. `user`); requests without the tag are not counted. */
  readonly per?: string;
  /** Which requests count. @default every request */
  readonly where?: BudgetScope;
  /** Which figure of each report's range is counted: the central `value`, or the prudent `max`. @default 'value' */
  readonly basis?: 'value' | 'max';
}

/** Where a budget stands now, for one tag value when the budget is `per` a tag. */
export interface BudgetStatus {
  readonly name: string;
  readonly metric: BudgetMetric;
  readonly window: BudgetWindow;
  readonly policy: BudgetPolicy;
  readonly limit: number;
  /** Amount counted in the current window, in the metric's unit (for `request` budgets: the last request's). */
  readonly spent: number;
  /** `spent / limit`. */
  readonly fraction: number;
  readonly warnAt: number;
  /** `ok`, `warning` (at or past `warnAt`), or `exceeded` (the limit reached or passed). */
  readonly state: 'ok' | 'warning' | 'exceeded';
  /** The tag and value this status is for, when the budget is `per` a tag. */
  readonly tag?: { readonly key: string; readonly value: string };
  /** Start of the current window, ISO 8601 UTC (`null` for `total` and `request` budgets). */
  readonly windowStart: string | null;
  /** When the window ends and the budget resets, ISO 8601 UTC (`null` for `total` and `request` budgets). */
  readonly resetsAt: string | null;
}

/** Payload of `budget-warning` and `budget-exceeded`: the budget's status and the record that crossed the threshold. */
export interface BudgetEvent extends BudgetStatus {
  readonly record: ImpactRecord;
}

/** A request about to be sent, as budgets see it: where it goes and its tags. */
export interface BudgetTarget {
  readonly provider: string;
  readonly model: string;
  readonly tags?: ImpactTags;
}
