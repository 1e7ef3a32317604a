import type { BudgetMetric, BudgetWindow } from '../budget';
import { formatCarbon, formatEnergy, formatPrimaryEnergy, formatResources, formatWater } from '../format';
import { WattLensError } from './wattlens-error';

const marker = Symbol.for('wattlens.error.budget-exceeded');

/** Options of {@link BudgetExceededError}. */
export interface BudgetExceededErrorOptions {
  /** Name of the exhausted budget. */
  readonly budget: string;
  readonly metric: BudgetMetric;
  readonly window: BudgetWindow;
  /** The budget's limit, in the metric's unit. */
  readonly limit: number;
  /** Amount spent in the current window, in the metric's unit. */
  readonly spent: number;
  /** When the window resets; `undefined` for a `total` budget, which never does. */
  readonly resetsAt?: Date;
  /** The tag the budget is kept per, and the value that is exhausted (e.g. `user` = `ada`). */
  readonly tag?: { readonly key: string; readonly value: string };
  readonly cause?: unknown;
}

const FORMATTERS: Readonly<Record<BudgetMetric, (value: number) => string>> = {
  energy: formatEnergy,
  gwp: formatCarbon,
  water: formatWater,
  adpe: formatResources,
  pe: formatPrimaryEnergy,
};

function amount(value: number, metric: BudgetMetric): string {
  return FORMATTERS[metric](value);
}

/**
 * Thrown before a request is sent when a blocking budget is exhausted: no provider call is made.
 * It names the budget, the amount spent and when the window resets.
 *
 * @example
 * ```ts
 * try { await client.chat.completions.create(body); }
 * catch (error) {
 *   if (BudgetExceededError.isInstance(error)) console.error(`${error.budget}: retry after ${error.resetsAt?.toISOString()}`);
 * }
 * ```
 */
export class BudgetExceededError extends WattLensError {
  private readonly [marker] = true;
  readonly budget: string;
  readonly metric: BudgetMetric;
  readonly window: BudgetWindow;
  readonly limit: number;
  readonly spent: number;
  readonly resetsAt: Date | undefined;
  readonly tag: { readonly key: string; readonly value: string } | undefined;

  constructor({ budget, metric, window, limit, spent, resetsAt, tag, cause }: BudgetExceededErrorOptions) {
    const scope = tag === undefined ? '' : ` for ${tag.key} "${tag.value}"`;
    const reset = resetsAt === undefined
      ? 'This budget covers all time and never resets'
      : `It resets at ${resetsAt.toISOString()}`;
    super({
      code: 'budget-exceeded',
      message: `Budget "${budget}" is exhausted${scope}: ${amount(spent, metric)} spent of ${amount(limit, metric)} (${window} window). `
        + `The request was not sent. ${reset}; wait for the reset, raise the limit, or set policy: 'warn' on the budget.`,
      cause,
    });
    this.name = 'BudgetExceededError';
    this.budget = budget;
    this.metric = metric;
    this.window = window;
    this.limit = limit;
    this.spent = spent;
    this.resetsAt = resetsAt;
    this.tag = tag;
  }

  /**
   * Tells whether a value is a {@link BudgetExceededError}, from any copy of the package.
   *
   * @param error - Any value, typically from a `catch` clause.
   * @returns `true` when `error` is a budget refusal.
   */
  static override isInstance(error: unknown): error is BudgetExceededError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
