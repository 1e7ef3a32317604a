import { EventEmitter } from 'eventemitter3';
import type { Budget, BudgetEvent, BudgetStatus, BudgetTarget } from './budget';
import { DeferredEstimate, type DeferredReport } from './deferred-report';
import type { ImpactContext, ImpactStatus, ImpactTags } from './impact-context';
import type { ImpactRecord } from './impact-record';
import type { ImpactReport } from './impact-report';
import type { ImpactBreakdown } from './impact-totals';
import { InvalidRequestError } from './errors/invalid-request-error';
import { impactRecord, toImpactRecord } from './impact-record';
import { Aggregate, FOLDED, newDelta, recordDelta, reportDelta, UNTRACKED_TAG_KEY, type AggregateCaps } from './internal/aggregate';
import { BudgetTracker } from './internal/budget-tracker';
import { SlidingWindow, WINDOW_SPECS, type SlidingWindowName, type WindowSnapshot } from './internal/sliding-window';
import { mergeTags, NO_TAGS } from './internal/tags';

export type { SlidingWindowName, WindowSnapshot } from './internal/sliding-window';

/** Payload of `impact-recorded`: the record as aggregated (tags merged) and the full report. */
export interface ImpactRecordedEvent {
  readonly record: ImpactRecord;
  /** The full report, with warning messages and assumptions. */
  readonly report: ImpactReport;
}

/** Where a failing listener or hook was attached. */
export type ListenerErrorSource = 'impact-recorded' | 'budget-warning' | 'budget-exceeded' | 'listener-error' | 'on-impact';

/** Payload of `listener-error`: a listener or `onImpact` hook threw or rejected. */
export interface ListenerErrorEvent {
  readonly source: ListenerErrorSource;
  /** What was thrown or rejected. It comes from your own code; WattLens never logs it. */
  readonly error: unknown;
}

/** The events of a {@link Meter} and their payloads. Names are noun-verb. */
export interface MeterEvents {
  'impact-recorded': ImpactRecordedEvent;
  'budget-warning': BudgetEvent;
  'budget-exceeded': BudgetEvent;
  'listener-error': ListenerErrorEvent;
}

/** A listener of a meter event. It may be async: a returned promise's rejection is reported like a throw. */
export type MeterListener<E extends keyof MeterEvents> = (payload: MeterEvents[E]) => void;

/**
 * Caps that bound a meter's memory whatever the number of requests recorded. Past a cap nothing is
 * lost from the totals: further values of a breakdown are summed under `(other)`, further tag keys
 * are not broken down, and the least recently updated value of a `per` budget is forgotten.
 */
export interface MeterLimits {
  /** Most distinct values per all-time breakdown (providers, models, values of one tag key). @default 1000 */
  readonly breakdownKeys?: number;
  /** Most distinct values per breakdown within one bucket of a sliding window. @default 100 */
  readonly windowBreakdownKeys?: number;
  /** Most distinct tag keys broken down. @default 16 */
  readonly tagKeys?: number;
  /** Most tag values tracked at once by one `per` budget. @default 10000 */
  readonly budgetValues?: number;
  /** Most values of each `per` budget listed in a snapshot (the most spent first). @default 20 */
  readonly budgetValuesInSnapshot?: number;
}

/** Options of {@link Meter}. */
export interface MeterOptions {
  /** Budgets to enforce from the start. @default [] */
  readonly budgets?: readonly Budget[];
  /** Tags added to everything recorded through this meter. @default {} */
  readonly tags?: ImpactTags;
  /** Memory caps. */
  readonly limits?: MeterLimits;
}

/** A JSON-serialisable picture of a meter: all-time totals and breakdowns, sliding windows, budgets. */
export interface MeterSnapshot extends ImpactBreakdown {
  /** When the snapshot was taken, ISO 8601 UTC. */
  readonly time: string;
  /** The meter's own scope tags. */
  readonly tags: ImpactTags;
  /** The last minute, hour and day. */
  readonly windows: { readonly [W in SlidingWindowName]: WindowSnapshot };
  readonly budgets: readonly BudgetStatus[];
  readonly limits: Required<MeterLimits>;
  /** How many records hit a cap: values summed under `(other)`, tag keys not broken down. */
  readonly overflow: { readonly folded: number; readonly untrackedTagKeys: number };
}

const DEFAULT_LIMITS: Required<MeterLimits> = {
  breakdownKeys: 1000,
  windowBreakdownKeys: 100,
  tagKeys: 16,
  budgetValues: 10_000,
  budgetValuesInSnapshot: 20,
};

function validateLimits(limits: MeterLimits | undefined): Required<MeterLimits> {
  const result = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key)) {
      throw new InvalidRequestError({ field: `limits.${key}`, value: key, expected: Object.keys(DEFAULT_LIMITS).join(', ') });
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new InvalidRequestError({ field: `limits.${key}`, value, expected: 'a positive integer' });
    }
    result[key as keyof MeterLimits] = value;
  }
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string') return (error as { name: string }).name;
  return typeof error;
}

/** The (source, error name) pairs already warned about: a failing hook warns once, not per request. */
const warned = new Set<string>();
/** Most distinct warnings printed, so that errors with ever-new names cannot flood the console. */
const MAX_WARNINGS = 20;

/**
 * Last resort for a listener error nobody listens to: a one-line warning without the error's
 * message, once per source and error name (a hook failing on every request would flood the log).
 */
function warnUnhandled(source: ListenerErrorSource, error: unknown): void {
  const name = errorName(error);
  const key = `${source}\u0000${name}`;
  if (warned.has(key) || warned.size >= MAX_WARNINGS) return;
  warned.add(key);
  globalThis.console?.warn?.(
    `[wattlens] A ${source} ${source === 'on-impact' ? 'hook' : 'listener'} failed (${name}); `
    + 'the request was not affected, and further failures of this kind are not printed. Listen to the meter\'s "listener-error" event to handle these errors.',
  );
}

type AnyListener = (payload: never) => void;

/**
 * The amounts of the request being aggregated. One array for every meter: aggregation is
 * synchronous and reads it only while adding the request, so it is never used by two at once.
 */
const delta = newDelta();

/**
 * Most requests a meter holds before adding them (see `Meter#defer`): large enough that adding
 * them runs warm, small enough that the request that triggers it hardly notices.
 */
const PENDING_CAPACITY = 64;

/** Requests recorded but not added yet, in arrival order. */
interface Pending {
  /** Each request's report, computed when the requests are added. */
  readonly reports: (DeferredReport | undefined)[];
  readonly statuses: ImpactStatus[];
  readonly times: Float64Array;
  readonly tags: ImpactTags[];
  count: number;
}

/** The last `provider/model` key, remembered: requests come in runs of one model. */
let lastProvider = '';
let lastModel = '';
let lastModelKey = '/';

function modelKeyOf(provider: string, model: string): string {
  if (provider !== lastProvider || model !== lastModel) {
    lastProvider = provider;
    lastModel = model;
    lastModelKey = `${provider}/${model}`;
  }
  return lastModelKey;
}

let reportToMeter: (meter: Meter, source: ListenerErrorSource, error: unknown) => void;
let recordMergedTags: (meter: Meter, deferred: DeferredReport, context: Partial<ImpactContext> & { readonly tags: ImpactTags }) => ImpactTags;
let chainHasBudgets: (meter: Meter) => boolean;

/**
 * {@link Meter.record} for core's instrumentation, whose context carries tags it has just merged
 * (a fresh object of strings, cut to length and count, that nothing else holds): the record
 * takes them as they are instead of copying them again, the record itself is built only when a
 * budget or a listener reads it, and a meter that holds requests back computes their reports when
 * it adds them. Internal to core; not exported from the package.
 *
 * @param meter - The meter to record into.
 * @param deferred - The request's impact report, computed on first read.
 * @param context - The request's context, its tags from `mergeTags()`.
 * @returns The tags the request was recorded with (the meter's merged in).
 */
export function recordWithMergedTags(meter: Meter, deferred: DeferredReport, context: Partial<ImpactContext> & { readonly tags: ImpactTags }): ImpactTags {
  return recordMergedTags(meter, deferred, context);
}

/**
 * Whether a meter or one of its parents has a budget: without any, there is nothing to check
 * before a request, and its tags need not be merged. Internal to core; not exported from the
 * package.
 *
 * @param meter - The client's meter.
 * @returns `true` when {@link Meter.assertWithinBudget} has a budget to check.
 */
export function hasBudgets(meter: Meter): boolean {
  return chainHasBudgets(meter);
}

/**
 * Reports an error thrown by an `onImpact` hook or a listener: as `listener-error` on the meter
 * (or the nearest parent that listens), else as a one-line console warning. Never throws.
 * Internal to core (the instrumentation uses it); not exported from the package.
 *
 * @param meter - The meter the hook belongs to, if any.
 * @param source - Where the failing function was attached.
 * @param error - What it threw or rejected with.
 */
export function reportListenerError(meter: Meter | undefined, source: ListenerErrorSource, error: unknown): void {
  try {
    if (meter === undefined) warnUnhandled(source, error);
    else reportToMeter(meter, source, error);
  } catch {
    // Reporting must never break a request.
  }
}

/**
 * Counts the environmental impact of AI requests: running totals and breakdowns by provider, model
 * and tag, over all time and over the last minute, hour and day; budgets with warnings and
 * blocking; events for every record. Memory stays bounded (see {@link MeterLimits}).
 * Runs anywhere: no Node-only API.
 *
 * @example
 * ```ts
 * const meter = new Meter({ budgets: [{ name: 'daily', metric: 'gwp', limit: 0.1, window: 'day', policy: 'block' }] });
 * meter.on('budget-warning', (event) => console.warn(`${event.name} at ${Math.round(event.fraction * 100)}%`));
 * meter.record(estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300 }), { tags: { user: 'ada' } });
 * console.log(meter.snapshot().totals.gwp.value);
 * ```
 */
export class Meter {
  static {
    reportToMeter = (meter, source, error) => meter.#listenerError(source, error);
    recordMergedTags = (meter, deferred, context) => {
      if (meter.#deferrable()) return meter.#defer(deferred, context);
      return meter.#accept(deferred.report, context, context.tags, Date.now(), undefined).tags;
    };
    chainHasBudgets = (meter) => {
      for (let current: Meter | undefined = meter; current !== undefined; current = current.#parent) {
        if (current.#budgets.size > 0) return true;
      }
      return false;
    };
  }

  /** Tags added to everything recorded through this meter. */
  readonly tags: ImpactTags;
  #parent: Meter | undefined;
  readonly #emitter = new EventEmitter();
  readonly #wrapped = new Map<string, Map<AnyListener, (payload: unknown) => void>>();
  readonly #limits: Required<MeterLimits>;
  readonly #caps: AggregateCaps;
  readonly #windowCaps: AggregateCaps;
  readonly #all: Aggregate;
  readonly #windows: { readonly [W in SlidingWindowName]: SlidingWindow };
  readonly #budgets = new Map<string, BudgetTracker>();
  /** Whether the meter has scope tags to merge under each record's. */
  readonly #scoped: boolean;
  #folded = 0;
  #untrackedTagKeys = 0;
  /** Requests waiting to be added (created at the first one). */
  #pending: Pending | undefined;

  /**
   * @param options - Budgets, scope tags and memory caps.
   * @throws {InvalidRequestError} when a budget or a limit is malformed, or two budgets share a name.
   */
  constructor(options: MeterOptions = {}) {
    this.#limits = validateLimits(options.limits);
    this.tags = mergeTags(options.tags);
    this.#scoped = Object.keys(this.tags).length > 0;
    this.#caps = { breakdownKeys: this.#limits.breakdownKeys, tagKeys: this.#limits.tagKeys };
    this.#windowCaps = { breakdownKeys: this.#limits.windowBreakdownKeys, tagKeys: this.#limits.tagKeys };
    this.#all = new Aggregate(this.#caps);
    this.#windows = {
      minute: new SlidingWindow(WINDOW_SPECS.minute, this.#windowCaps),
      hour: new SlidingWindow(WINDOW_SPECS.hour, this.#windowCaps),
      day: new SlidingWindow(WINDOW_SPECS.day, this.#windowCaps),
    };
    for (const budget of options.budgets ?? []) this.addBudget(budget);
  }

  /** The meter this one forwards its records to, for a child meter; `undefined` for a root meter. */
  get parent(): Meter | undefined {
    return this.#parent;
  }

  /**
   * Listens to an event. The listener's errors (thrown or rejected) never reach the code that
   * recorded; they are reported as `listener-error`.
   *
   * @param event - `impact-recorded`, `budget-warning`, `budget-exceeded` or `listener-error`.
   * @param listener - Called with the event's payload.
   * @returns A function that removes the listener.
   * @example
   * ```ts
   * const stop = meter.on('impact-recorded', ({ record }) => console.log(record.model, record.gwp.value));
   * stop();
   * ```
   */
  on<E extends keyof MeterEvents>(event: E, listener: MeterListener<E>): () => void {
    const wrapped = (payload: unknown): void => {
      try {
        const result: unknown = listener(payload as MeterEvents[E]);
        if (isThenable(result)) result.then(undefined, (error: unknown) => this.#listenerError(event, error));
      } catch (error) {
        this.#listenerError(event, error);
      }
    };
    let byListener = this.#wrapped.get(event);
    if (byListener === undefined) {
      byListener = new Map();
      this.#wrapped.set(event, byListener);
    }
    // The same function registered twice is one listener, as with addEventListener.
    if (byListener.has(listener as AnyListener)) return () => this.off(event, listener);
    byListener.set(listener as AnyListener, wrapped);
    this.#emitter.on(event, wrapped);
    return () => this.off(event, listener);
  }

  /**
   * Listens to the next occurrence of an event only.
   *
   * @param event - The event name.
   * @param listener - Called once.
   * @returns A function that removes the listener if it has not run yet.
   * @example
   * ```ts
   * meter.once('budget-exceeded', (event) => alert(`${event.name} exceeded`));
   * ```
   */
  once<E extends keyof MeterEvents>(event: E, listener: MeterListener<E>): () => void {
    const stop = this.on(event, (payload) => {
      stop();
      return listener(payload);
    });
    return stop;
  }

  /**
   * Removes a listener added with {@link Meter.on}.
   *
   * @param event - The event name.
   * @param listener - The function passed to `on`.
   * @example
   * ```ts
   * meter.off('impact-recorded', listener);
   * ```
   */
  off<E extends keyof MeterEvents>(event: E, listener: MeterListener<E>): void {
    const byListener = this.#wrapped.get(event);
    const wrapped = byListener?.get(listener as AnyListener);
    if (byListener === undefined || wrapped === undefined) return;
    byListener.delete(listener as AnyListener);
    this.#emitter.off(event, wrapped);
  }

  /**
   * Number of listeners of an event.
   *
   * @param event - The event name.
   * @returns How many listeners are attached.
   * @example
   * ```ts
   * if (meter.listenerCount('listener-error') === 0) meter.on('listener-error', console.error);
   * ```
   */
  listenerCount(event: keyof MeterEvents): number {
    return this.#emitter.listenerCount(event);
  }

  /**
   * Records one request: adds it to the totals, breakdowns and windows, counts it against the
   * budgets (emitting `budget-warning` / `budget-exceeded`), emits `impact-recorded`, then
   * forwards it to the parent meter. Never throws because of a listener.
   *
   * @param report - The request's impact report.
   * @param context - What is known of the request: tags, operation, status, ids. Its tags are
   *   merged over the meter's own.
   * @returns The record as aggregated.
   * @example
   * ```ts
   * meter.record(report, { tags: { user: 'ada', feature: 'search' }, status: 'completed' });
   * ```
   */
  record(report: ImpactReport, context: Partial<ImpactContext> = {}): ImpactRecord {
    const now = Date.now();
    const record = toImpactRecord(report, context, now);
    return this.#accept(report, context, record.tags, now, record).record ?? record;
  }

  /**
   * Adds records read back (typically from a ledger) to the totals, windows and budgets, without
   * emitting events and without forwarding them to a parent. Budgets count only the records of
   * their current window, so replaying today's ledger after a restart restores daily budgets.
   *
   * @param records - The records, oldest first.
   * @returns How many records were added.
   * @example
   * ```ts
   * const { records } = await readLedger('impact.jsonl');
   * meter.replay(records);
   * ```
   */
  replay(records: Iterable<ImpactRecord>): number {
    this.#flush();
    let count = 0;
    for (const record of records) {
      const now = Date.now();
      const time = Date.parse(record.time);
      const tagged = { ...record, tags: mergeTags(this.tags, record.tags) };
      this.#aggregate(recordDelta(tagged, delta), tagged.provider, tagged.model, tagged.tags, Number.isNaN(time) ? now : time, now);
      for (const tracker of this.#budgets.values()) tracker.add(tagged, Number.isNaN(time) ? now : time, true);
      count += 1;
    }
    return count;
  }

  /**
   * Creates a scoped meter: everything recorded through it carries `tags` (over this meter's own),
   * is counted by its own totals and budgets, and is forwarded to this meter. A request checked
   * against the child's budgets is checked against this meter's too.
   *
   * @param tags - Tags of the scope, e.g. `{ feature: 'search' }`.
   * @param options - The child's own budgets and limits.
   * @returns The child meter.
   * @example
   * ```ts
   * const search = meter.child({ feature: 'search' });
   * search.record(report); // counted by `search` and by `meter`, tagged feature=search
   * ```
   */
  child(tags: ImpactTags, options: Omit<MeterOptions, 'tags'> = {}): Meter {
    const child = new Meter({ ...options, tags: mergeTags(this.tags, tags) });
    child.#parent = this;
    return child;
  }

  /**
   * Adds a budget.
   *
   * @param budget - The budget; its name must be unique in this meter.
   * @returns A function that removes the budget.
   * @throws {InvalidRequestError} when the budget is malformed or its name is taken.
   * @example
   * ```ts
   * const remove = meter.addBudget({ name: 'hourly-water', metric: 'water', limit: 2, window: 'hour' });
   * ```
   */
  addBudget(budget: Budget): () => void {
    this.#flush();
    const tracker = new BudgetTracker(budget, this.#limits.budgetValues);
    if (this.#budgets.has(tracker.budget.name)) {
      throw new InvalidRequestError({ field: 'budget.name', value: tracker.budget.name, expected: 'a name no other budget of this meter has' });
    }
    this.#budgets.set(tracker.budget.name, tracker);
    return () => {
      if (this.#budgets.get(tracker.budget.name) === tracker) this.#budgets.delete(tracker.budget.name);
    };
  }

  /**
   * The status of every budget that applies to a request about to be sent, in this meter and its
   * parents (a `per` budget for the target's own tag value).
   *
   * @param target - Provider, model and tags of the request.
   * @returns One status per applicable budget, this meter's first.
   * @example
   * ```ts
   * const left = meter.budgetStatus({ provider: 'openai', model: 'gpt-4o', tags: { user: 'ada' } });
   * ```
   */
  budgetStatus(target: BudgetTarget): BudgetStatus[] {
    const now = Date.now();
    const statuses: BudgetStatus[] = [];
    for (let meter: Meter | undefined = this; meter !== undefined; meter = meter.#parent) {
      const tags = mergeTags(meter.tags, target.tags);
      for (const tracker of meter.#budgets.values()) {
        const status = tracker.statusFor(target, tags, now);
        if (status !== undefined) statuses.push(status);
      }
    }
    return statuses;
  }

  /**
   * May this request go? Throws when a blocking budget of this meter or of a parent is exhausted
   * for the request; returns otherwise. Call it before anything is sent.
   *
   * @param target - Provider, model and tags of the request (the meter's scope tags are added).
   * @throws {BudgetExceededError} naming the budget, the amount spent and when it resets.
   * @example
   * ```ts
   * meter.assertWithinBudget({ provider: 'openai', model: 'gpt-4o', tags: { user: 'ada' } });
   * ```
   */
  assertWithinBudget(target: BudgetTarget): void {
    const now = Date.now();
    for (let meter: Meter | undefined = this; meter !== undefined; meter = meter.#parent) {
      if (meter.#budgets.size === 0) continue;
      const tags = mergeTags(meter.tags, target.tags);
      for (const tracker of meter.#budgets.values()) tracker.assertOpen(target, tags, now);
    }
  }

  /**
   * A JSON-serialisable picture of the meter: totals and breakdowns over all time and over the
   * last minute, hour and day, budget statuses, caps and overflow counts.
   *
   * @returns The snapshot; `JSON.parse(JSON.stringify(snapshot))` equals it.
   * @example
   * ```ts
   * const { totals, windows } = meter.snapshot();
   * console.log(totals.requests, windows.hour.totals.energy.value);
   * ```
   */
  snapshot(): MeterSnapshot {
    this.#flush();
    const now = Date.now();
    const budgets: BudgetStatus[] = [];
    for (const tracker of this.#budgets.values()) budgets.push(...tracker.statuses(now, this.#limits.budgetValuesInSnapshot));
    return {
      time: new Date(now).toISOString(),
      tags: { ...this.tags },
      ...this.#all.toBreakdown(),
      windows: {
        minute: this.#windows.minute.snapshot(now, this.#caps),
        hour: this.#windows.hour.snapshot(now, this.#caps),
        day: this.#windows.day.snapshot(now, this.#caps),
      },
      budgets,
      limits: { ...this.#limits },
      overflow: { folded: this.#folded, untrackedTagKeys: this.#untrackedTagKeys },
    };
  }

  /**
   * Number of accumulators and window buckets held, and budget values tracked: what bounds the
   * meter's memory.
   *
   * @returns The counts.
   * @example
   * ```ts
   * console.log(meter.memoryFootprint().accumulators);
   * ```
   */
  memoryFootprint(): { readonly accumulators: number; readonly buckets: number; readonly budgetValues: number } {
    this.#flush();
    let accumulators = this.#all.size;
    let buckets = 0;
    for (const window of Object.values(this.#windows)) {
      const size = window.size;
      accumulators += size.accumulators;
      buckets += size.buckets;
    }
    let budgetValues = 0;
    for (const tracker of this.#budgets.values()) budgetValues += tracker.size;
    return { accumulators, buckets, budgetValues };
  }

  /**
   * Adds a request to this meter and its parents. Its record (what budgets and `impact-recorded`
   * listeners read) is built only when one of them is there: a meter without budgets or listeners
   * aggregates the report's figures directly.
   *
   * @param tags - The request's tags, before this meter's own are merged in.
   * @param given - The request's record with `tags`, when the caller has one.
   * @returns This meter's tags for the request, and its record if one was built.
   */
  #accept(report: ImpactReport, context: Partial<ImpactContext>, tags: ImpactTags, now: number, given: ImpactRecord | undefined): { tags: ImpactTags; record: ImpactRecord | undefined } {
    // Requests held back are added first: sums are added in the order requests came.
    this.#flush();
    const merged = this.#scoped ? mergeTags(this.tags, tags) : tags;
    let record = given === undefined || given.tags === merged ? given : { ...given, tags: merged };
    const request = report.request;
    this.#aggregate(reportDelta(report, context.status ?? 'completed', delta), request.provider, request.model, merged, now, now);
    if (this.#budgets.size > 0) {
      record ??= impactRecord(report, context, now, merged);
      for (const tracker of this.#budgets.values()) {
        for (const crossing of tracker.add(record, now)) {
          this.#emitter.emit(crossing.kind, { ...crossing.status, record } satisfies BudgetEvent);
        }
      }
    }
    // The payload is built only for listeners (a meter often has none: an application's hook reads the report).
    if (this.#emitter.listenerCount('impact-recorded') > 0) {
      record ??= impactRecord(report, context, now, merged);
      this.#emitter.emit('impact-recorded', { record, report } satisfies ImpactRecordedEvent);
    }
    if (this.#parent !== undefined) this.#parent.#accept(report, context, merged, now, record);
    return { tags: merged, record };
  }

  /**
   * Whether a request may be held back and added later with others: nothing reads a request as it
   * is recorded (no budget, no `impact-recorded` listener, no parent to forward to, no scope tags
   * to merge), and every read of the meter adds what is held first.
   */
  #deferrable(): boolean {
    return this.#parent === undefined && !this.#scoped && this.#budgets.size === 0 && this.#emitter.listenerCount('impact-recorded') === 0;
  }

  /**
   * Holds a request back: its report (computed on first read), status, time and tags go into
   * arrays, and every {@link PENDING_CAPACITY} requests (or at the next read) they are computed and
   * added together. Right after an SDK call the estimate's and the meter's code and data are out of
   * the processor's caches; in a batch, they are fetched once for the batch instead of once per
   * request.
   *
   * @returns The request's tags (a deferrable meter adds none of its own).
   */
  #defer(deferred: DeferredReport, context: Partial<ImpactContext> & { readonly tags: ImpactTags }): ImpactTags {
    let pending = this.#pending;
    if (pending === undefined) {
      pending = { reports: [], statuses: [], times: new Float64Array(PENDING_CAPACITY), tags: [], count: 0 };
      this.#pending = pending;
    }
    const index = pending.count;
    pending.reports[index] = deferred;
    pending.statuses[index] = context.status ?? 'completed';
    pending.times[index] = Date.now();
    pending.tags[index] = context.tags;
    pending.count = index + 1;
    if (pending.count === PENDING_CAPACITY) this.#flush();
    return context.tags;
  }

  /** Adds the requests held back, oldest first, each at the time it was recorded. */
  #flush(): void {
    const pending = this.#pending;
    if (pending === undefined || pending.count === 0) return;
    const count = pending.count;
    pending.count = 0;
    const now = Date.now();
    for (let index = 0; index < count; index += 1) {
      const deferred = pending.reports[index] as DeferredReport;
      const status = pending.statuses[index] as ImpactStatus;
      // Core's own deferred reports give the totals without building the report.
      const amounts = deferred instanceof DeferredEstimate ? deferred.deltaInto(status, delta) : reportDelta(deferred.report, status, delta);
      const { provider, model } = deferred.request;
      this.#aggregate(amounts, provider, model, pending.tags[index] as ImpactTags, pending.times[index] as number, now);
      // Nothing of a request stays held once added.
      pending.reports[index] = undefined;
      pending.tags[index] = NO_TAGS;
    }
  }

  #aggregate(amounts: Float64Array, provider: string, model: string, tags: ImpactTags, time: number, now: number): void {
    const modelKey = modelKeyOf(provider, model);
    const overflow = this.#all.add(amounts, provider, modelKey, tags);
    if ((overflow & FOLDED) !== 0) this.#folded += 1;
    if ((overflow & UNTRACKED_TAG_KEY) !== 0) this.#untrackedTagKeys += 1;
    this.#windows.minute.add(amounts, provider, modelKey, tags, time, now);
    this.#windows.hour.add(amounts, provider, modelKey, tags, time, now);
    this.#windows.day.add(amounts, provider, modelKey, tags, time, now);
  }

  #listenerError(source: ListenerErrorSource, error: unknown): void {
    if (source !== 'listener-error') {
      for (let meter: Meter | undefined = this; meter !== undefined; meter = meter.#parent) {
        if (meter.#emitter.listenerCount('listener-error') > 0) {
          meter.#emitter.emit('listener-error', { source, error } satisfies ListenerErrorEvent);
          return;
        }
      }
    }
    warnUnhandled(source, error);
  }
}
