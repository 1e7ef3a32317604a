import type { Budget, BudgetMetric, BudgetPolicy, BudgetStatus, BudgetTarget, BudgetWindow } from '../budget';
import type { ImpactTags } from '../impact-context';
import type { ImpactRecord } from '../impact-record';
import { BudgetExceededError } from '../errors/budget-exceeded-error';
import { InvalidRequestError } from '../errors/invalid-request-error';

const METRICS: ReadonlySet<string> = new Set<BudgetMetric>(['energy', 'gwp', 'water', 'adpe', 'pe']);
const WINDOWS: ReadonlySet<string> = new Set<BudgetWindow>(['request', 'minute', 'hour', 'day', 'month', 'total']);
const POLICIES: ReadonlySet<string> = new Set<BudgetPolicy>(['warn', 'block']);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Start and end (exclusive) of the calendar window holding `time`, in UTC; `null` for all-time. */
export function windowBounds(window: BudgetWindow, time: number): { readonly start: number; readonly end: number } | null {
  switch (window) {
    case 'minute':
      return fixed(time, MINUTE);
    case 'hour':
      return fixed(time, HOUR);
    case 'day':
      return fixed(time, DAY);
    case 'month': {
      const date = new Date(time);
      const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      return { start, end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    }
    case 'request':
    case 'total':
      return null;
  }
}

function fixed(time: number, size: number): { start: number; end: number } {
  const start = Math.floor(time / size) * size;
  return { start, end: start + size };
}

/** Checks a budget definition and fills its defaults. */
export function validateBudget(budget: Budget): Required<Omit<Budget, 'per' | 'where'>> & Pick<Budget, 'per' | 'where'> {
  if (budget === null || typeof budget !== 'object') {
    throw new InvalidRequestError({ field: 'budget', value: budget, expected: 'an object { name, metric, limit, window }' });
  }
  if (typeof budget.name !== 'string' || budget.name.trim() === '') {
    throw new InvalidRequestError({ field: 'budget.name', value: budget.name, expected: 'a non-empty string' });
  }
  if (!METRICS.has(budget.metric)) {
    throw new InvalidRequestError({ field: 'budget.metric', value: budget.metric, expected: "'energy', 'gwp', 'water', 'adpe' or 'pe'" });
  }
  if (typeof budget.limit !== 'number' || !Number.isFinite(budget.limit) || budget.limit <= 0) {
    throw new InvalidRequestError({ field: 'budget.limit', value: budget.limit, expected: "a finite number > 0, in the metric's unit (kWh, kgCO2eq, L, kgSbeq, MJ)" });
  }
  if (!WINDOWS.has(budget.window)) {
    throw new InvalidRequestError({ field: 'budget.window', value: budget.window, expected: "'request', 'minute', 'hour', 'day', 'month' or 'total'" });
  }
  const policy = budget.policy ?? 'warn';
  if (!POLICIES.has(policy)) {
    throw new InvalidRequestError({ field: 'budget.policy', value: policy, expected: "'warn' or 'block'" });
  }
  if (policy === 'block' && budget.window === 'request') {
    throw new InvalidRequestError({
      field: 'budget.policy',
      value: policy,
      expected: "'warn' for a per-request budget (a request's cost is known only once it has run); use a minute, hour, day, month or total window to block",
    });
  }
  const warnAt = budget.warnAt ?? 0.8;
  if (typeof warnAt !== 'number' || !(warnAt > 0 && warnAt <= 1)) {
    throw new InvalidRequestError({ field: 'budget.warnAt', value: warnAt, expected: 'a fraction of the limit in (0, 1]' });
  }
  if (budget.per !== undefined && (typeof budget.per !== 'string' || budget.per === '')) {
    throw new InvalidRequestError({ field: 'budget.per', value: budget.per, expected: 'a tag key such as "user"' });
  }
  const basis = budget.basis ?? 'value';
  if (basis !== 'value' && basis !== 'max') {
    throw new InvalidRequestError({ field: 'budget.basis', value: basis, expected: "'value' or 'max'" });
  }
  return {
    name: budget.name,
    metric: budget.metric,
    limit: budget.limit,
    window: budget.window,
    policy,
    warnAt,
    basis,
    ...(budget.per === undefined ? {} : { per: budget.per }),
    ...(budget.where === undefined ? {} : { where: budget.where }),
  };
}

interface BudgetState {
  /** Start of the window the state counts (or 0 for all-time and per-request budgets). */
  windowStart: number;
  spent: number;
  warned: boolean;
  exceeded: boolean;
}

/** A threshold crossed by one record: what the meter turns into an event. */
export interface BudgetCrossing {
  readonly kind: 'budget-warning' | 'budget-exceeded';
  readonly status: BudgetStatus;
}

/** The spend of one budget, per tag value when the budget is kept `per` a tag. */
export class BudgetTracker {
  readonly budget: ReturnType<typeof validateBudget>;
  readonly #states = new Map<string, BudgetState>();
  readonly #maxValues: number;

  /**
   * @param budget - The budget definition.
   * @param maxValues - Most tag values tracked at once for a `per` budget.
   */
  constructor(budget: Budget, maxValues: number) {
    this.budget = validateBudget(budget);
    this.#maxValues = maxValues;
  }

  /** Number of tag values (or 1) this budget holds state for. */
  get size(): number {
    return this.#states.size;
  }

  /** The state key a request counts under, or `undefined` when the budget does not apply to it. */
  keyFor(provider: string, model: string, tags: ImpactTags): string | undefined {
    const { where, per } = this.budget;
    if (where !== undefined) {
      if (where.provider !== undefined && where.provider.toLowerCase() !== provider.toLowerCase()) return undefined;
      if (where.model !== undefined && where.model !== model) return undefined;
      for (const [key, value] of Object.entries(where.tags ?? {})) {
        if (!Object.hasOwn(tags, key) || tags[key] !== value) return undefined;
      }
    }
    if (per === undefined) return '';
    return Object.hasOwn(tags, per) ? tags[per] : undefined;
  }

  /**
   * Counts a record. Records older than the state's current window are not counted (a ledger
   * replayed out of order); a record in a newer window starts a new one.
   *
   * @param silent - Update thresholds without returning crossings (replay).
   * @returns The thresholds this record crossed.
   */
  add(record: ImpactRecord, time: number, silent = false): BudgetCrossing[] {
    const key = this.keyFor(record.provider, record.model, record.tags);
    if (key === undefined) return [];
    const { budget } = this;
    const amount = budget.basis === 'max' ? record[budget.metric].max : record[budget.metric].value;
    const bounds = windowBounds(budget.window, time);
    const windowStart = bounds?.start ?? 0;
    let state = this.#states.get(key);
    if (state !== undefined && state.windowStart > windowStart) return [];
    if (state === undefined || state.windowStart < windowStart || budget.window === 'request') {
      state = { windowStart, spent: 0, warned: false, exceeded: false };
    }
    // Re-inserting keeps the Map in least-recently-used-first order for eviction.
    this.#states.delete(key);
    this.#evict(time);
    this.#states.set(key, state);
    state.spent += amount;
    const crossings: BudgetCrossing[] = [];
    const fraction = state.spent / budget.limit;
    if (!state.warned && fraction >= budget.warnAt) {
      state.warned = true;
      if (!silent) crossings.push({ kind: 'budget-warning', status: this.#status(key, state) });
    }
    if (!state.exceeded && fraction >= 1) {
      state.exceeded = true;
      if (!silent) crossings.push({ kind: 'budget-exceeded', status: this.#status(key, state) });
    }
    return crossings;
  }

  /** The status of the budget for a request about to be sent, or `undefined` when it does not apply. */
  statusFor(target: BudgetTarget, tags: ImpactTags, now: number): BudgetStatus | undefined {
    const key = this.keyFor(target.provider, target.model, tags);
    if (key === undefined) return undefined;
    return this.#status(key, this.#current(key, now));
  }

  /**
   * Throws when this budget blocks and is spent for the target.
   *
   * @throws {BudgetExceededError}
   */
  assertOpen(target: BudgetTarget, tags: ImpactTags, now: number): void {
    const { budget } = this;
    if (budget.policy !== 'block') return;
    const key = this.keyFor(target.provider, target.model, tags);
    if (key === undefined) return;
    const state = this.#current(key, now);
    if (state.spent < budget.limit) return;
    const bounds = windowBounds(budget.window, now);
    throw new BudgetExceededError({
      budget: budget.name,
      metric: budget.metric,
      window: budget.window,
      limit: budget.limit,
      spent: state.spent,
      ...(bounds === null ? {} : { resetsAt: new Date(bounds.end) }),
      ...(budget.per === undefined ? {} : { tag: { key: budget.per, value: key } }),
    });
  }

  /** Statuses to show: the budget's own, or for a `per` budget its `limit` most-spent tag values. */
  statuses(now: number, limit: number): BudgetStatus[] {
    if (this.budget.per === undefined) return [this.#status('', this.#current('', now))];
    const current = [...this.#states.keys()].map((key) => ({ key, state: this.#current(key, now) }));
    current.sort((a, b) => b.state.spent - a.state.spent);
    return current.slice(0, limit).map(({ key, state }) => this.#status(key, state));
  }

  /** The state of a key in the window holding `now` (a zero state once its window has passed). */
  #current(key: string, now: number): BudgetState {
    const state = this.#states.get(key);
    const bounds = windowBounds(this.budget.window, now);
    const windowStart = bounds?.start ?? 0;
    if (state === undefined || (this.budget.window !== 'request' && state.windowStart < windowStart)) {
      return { windowStart, spent: 0, warned: false, exceeded: false };
    }
    return state;
  }

  #evict(now: number): void {
    if (this.#states.size < this.#maxValues) return;
    const bounds = windowBounds(this.budget.window, now);
    if (bounds !== null) {
      for (const [key, state] of this.#states) {
        if (state.windowStart < bounds.start) this.#states.delete(key);
      }
    }
    // Still full of live values: forget the one updated longest ago.
    for (const key of this.#states.keys()) {
      if (this.#states.size < this.#maxValues) break;
      this.#states.delete(key);
    }
  }

  #status(key: string, state: BudgetState): BudgetStatus {
    const { budget } = this;
    const fraction = state.spent / budget.limit;
    const bounds = budget.window === 'request' || budget.window === 'total' ? null : windowBounds(budget.window, state.windowStart);
    return {
      name: budget.name,
      metric: budget.metric,
      window: budget.window,
      policy: budget.policy,
      limit: budget.limit,
      spent: state.spent,
      fraction,
      warnAt: budget.warnAt,
      state: fraction >= 1 ? 'exceeded' : fraction >= budget.warnAt ? 'warning' : 'ok',
      ...(budget.per === undefined ? {} : { tag: { key: budget.per, value: key } }),
      windowStart: bounds === null ? null : new Date(bounds.start).toISOString(),
      resetsAt: bounds === null ? null : new Date(bounds.end).toISOString(),
    };
  }
}
