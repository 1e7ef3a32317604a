import {
  equivalents,
  Meter,
  type Budget,
  type BudgetStatus,
  type Catalog,
  type ImpactBreakdown,
  type ImpactRecord,
  type ImpactTotals,
  type Range,
} from '@wattlens/core';
import {
  DASHBOARD_SNAPSHOT_VERSION,
  type DashboardAlert,
  type DashboardSnapshot,
  type SeriesPoint,
  type ZoneRecompute,
} from '../dashboard-snapshot';

/** What changed in a {@link DashboardModel}: a request counted, a budget event, anything else. */
export type ModelChange =
  | { readonly kind: 'record'; readonly record: ImpactRecord }
  | { readonly kind: 'alert'; readonly alert: DashboardAlert }
  | { readonly kind: 'other' };

/** Options of {@link DashboardModel}. */
export interface DashboardModelOptions {
  /** Where zone factors come from, to split each record's carbon into grid and embodied parts. */
  readonly catalog: Catalog;
  /** Budgets evaluated over the records the model counts (a ledger's, say). */
  readonly budgets?: readonly Budget[];
  /** Budget statuses kept elsewhere (a user's meter), added to the snapshot. */
  readonly externalBudgets?: () => readonly BudgetStatus[];
  /** How many of the latest requests the feed keeps. */
  readonly feedSize: number;
  /** Width of a time-series bucket, in milliseconds. */
  readonly bucketMs: number;
  /** Number of buckets in the time series. */
  readonly buckets: number;
  readonly sources: DashboardSnapshot['sources'];
}

/** Budget events kept for the page, newest first. */
const MAX_ALERTS = 20;
/** Keys (providers, models, zones) broken down before folding into `(other)`, as a meter's `breakdownKeys` default. */
const MAX_KEYS = 1000;
/** Where values past {@link MAX_KEYS} are summed, as core's meter names it. */
const OTHER = '(other)';

interface MutableRange {
  value: number;
  min: number;
  max: number;
}

interface MutableRecompute {
  readonly energy: MutableRange;
  readonly fixedGwp: MutableRange;
  requests: number;
  unknownZoneRequests: number;
}

interface MutablePoint {
  readonly time: number;
  requests: number;
  readonly energy: MutableRange;
  readonly gwp: MutableRange;
  readonly water: MutableRange;
}

function zeroRange(): MutableRange {
  return { value: 0, min: 0, max: 0 };
}

function addInto(target: MutableRange, range: Range, factor = 1): void {
  target.value += range.value * factor;
  target.min += range.min * factor;
  target.max += range.max * factor;
}

function zeroRecompute(): MutableRecompute {
  return { energy: zeroRange(), fixedGwp: zeroRange(), requests: 0, unknownZoneRequests: 0 };
}

/** The accumulator of a key, created on first use; past {@link MAX_KEYS} keys, the `(other)` one. */
function recomputeFor(breakdown: Map<string, MutableRecompute>, key: string): MutableRecompute {
  let recompute = breakdown.get(key);
  if (recompute === undefined) {
    const shown = breakdown.size >= MAX_KEYS ? OTHER : key;
    recompute = breakdown.get(shown) ?? zeroRecompute();
    breakdown.set(shown, recompute);
  }
  return recompute;
}

function copyRange(range: Range): Range {
  return { value: range.value, min: range.min, max: range.max };
}

function freezeRecompute(recompute: MutableRecompute): ZoneRecompute {
  return {
    energy: copyRange(recompute.energy),
    fixedGwp: copyRange(recompute.fixedGwp),
    requests: recompute.requests,
    unknownZoneRequests: recompute.unknownZoneRequests,
  };
}

function addRanges(a: Range, b: Range): Range {
  return { value: a.value + b.value, min: a.min + b.min, max: a.max + b.max };
}

/** The sum of two sets of totals, field by field. */
export function addTotals(a: ImpactTotals, b: ImpactTotals): ImpactTotals {
  return {
    requests: a.requests + b.requests,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    failed: a.failed + b.failed,
    aborted: a.aborted + b.aborted,
    energy: addRanges(a.energy, b.energy),
    gwp: addRanges(a.gwp, b.gwp),
    adpe: addRanges(a.adpe, b.adpe),
    pe: addRanges(a.pe, b.pe),
    water: addRanges(a.water, b.water),
  };
}

function mergeBreakdown(
  own: Readonly<Record<string, ImpactTotals>>,
  baseline: Readonly<Record<string, ImpactTotals>> | undefined,
): Record<string, ImpactTotals> {
  // A Map, then own properties: a key may be any string, `__proto__` included.
  const merged = new Map(Object.entries(own));
  for (const [key, totals] of Object.entries(baseline ?? {})) {
    const mine = merged.get(key);
    merged.set(key, mine === undefined ? totals : addTotals(mine, totals));
  }
  return Object.fromEntries(merged);
}

/**
 * The carbon intensity (kgCO2eq/kWh) a record's report priced its energy at: the zone's factor,
 * EcoLogits' own for the `ecologits` methodology when it has the zone (as core's methodologies do).
 * `undefined` when the zone is not in the catalog.
 */
export function pricedGridIntensity(record: ImpactRecord, catalog: Catalog): number | undefined {
  const zone = catalog.findZone(record.zone);
  if (zone === undefined) return undefined;
  if (record.methodology === 'ecologits' && zone.ecologits !== undefined) return zone.ecologits.gwp;
  return zone.gwp;
}

/**
 * Everything the dashboard shows, kept up to date record by record: totals and breakdowns (a
 * core {@link Meter} fed by `replay`, so records are placed in time by their own timestamps), the
 * time series, the feed of the latest requests, the zone recomputation inputs and budget alerts.
 * Memory is bounded: the meter's caps, `buckets` series points, `feedSize` records, 20 alerts.
 */
export class DashboardModel {
  readonly #options: DashboardModelOptions;
  readonly #meter: Meter;
  readonly #listeners = new Set<(change: ModelChange) => void>();
  #baseline: ImpactBreakdown | undefined;
  /** Newest first. */
  #feed: ImpactRecord[] = [];
  readonly #points = new Map<number, MutablePoint>();
  readonly #carbon = zeroRecompute();
  readonly #carbonByProvider = new Map<string, MutableRecompute>();
  readonly #carbonByModel = new Map<string, MutableRecompute>();
  readonly #requestsByZone = new Map<string, number>();
  #alerts: DashboardAlert[] = [];
  #skippedLines = 0;

  constructor(options: DashboardModelOptions) {
    this.#options = options;
    // Tags are not broken down by the dashboard: one tag key is the smallest cap a meter takes.
    this.#meter = new Meter({ budgets: options.budgets ?? [], limits: { tagKeys: 1 } });
  }

  /**
   * Listens to changes.
   *
   * @param listener - Called after each change.
   * @returns A function that removes the listener.
   */
  subscribe(listener: (change: ModelChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Counts one request.
   *
   * @param record - The request's record, from a meter event or a ledger line.
   */
  add(record: ImpactRecord): void {
    this.#meter.replay([record]);
    this.#feed.unshift(record);
    if (this.#feed.length > this.#options.feedSize) this.#feed.length = this.#options.feedSize;
    this.#addToSeries(record, Date.now());
    this.#addToCarbon(record);
    this.#emit({ kind: 'record', record });
  }

  /**
   * Adds totals counted before the dashboard started (a meter's history). They count in the
   * totals and breakdowns; their zones being unknown, their carbon stays as it is in the zone
   * recomputation.
   *
   * @param breakdown - Totals and breakdowns by provider and model.
   */
  addBaseline(breakdown: ImpactBreakdown): void {
    if (breakdown.totals.requests === 0) return;
    this.#baseline = this.#baseline === undefined ? breakdown : {
      totals: addTotals(this.#baseline.totals, breakdown.totals),
      byProvider: mergeBreakdown(this.#baseline.byProvider, breakdown.byProvider),
      byModel: mergeBreakdown(this.#baseline.byModel, breakdown.byModel),
      byTag: {},
    };
    const fold = (target: MutableRecompute, totals: ImpactTotals): void => {
      addInto(target.fixedGwp, totals.gwp);
      target.requests += totals.requests;
      target.unknownZoneRequests += totals.requests;
    };
    fold(this.#carbon, breakdown.totals);
    for (const [provider, totals] of Object.entries(breakdown.byProvider)) fold(recomputeFor(this.#carbonByProvider, provider), totals);
    for (const [model, totals] of Object.entries(breakdown.byModel)) fold(recomputeFor(this.#carbonByModel, model), totals);
    this.#emit({ kind: 'other' });
  }

  /**
   * Keeps a budget event for the page.
   *
   * @param kind - `budget-warning` or `budget-exceeded`.
   * @param status - The budget's status when it crossed the threshold.
   */
  addAlert(kind: DashboardAlert['kind'], status: BudgetStatus): void {
    const alert: DashboardAlert = {
      kind,
      time: new Date().toISOString(),
      name: status.name,
      metric: status.metric,
      limit: status.limit,
      spent: status.spent,
      fraction: status.fraction,
      ...(status.tag === undefined ? {} : { tag: { key: status.tag.key, value: status.tag.value } }),
    };
    // A request that jumps past both thresholds emits a warning, then the exceeded event: keep the latter only.
    const previous = this.#alerts[0];
    if (kind === 'budget-exceeded' && previous?.kind === 'budget-warning' && previous.name === alert.name
      && previous.spent === alert.spent && previous.tag?.key === alert.tag?.key && previous.tag?.value === alert.tag?.value) {
      this.#alerts.shift();
    }
    this.#alerts.unshift(alert);
    if (this.#alerts.length > MAX_ALERTS) this.#alerts.length = MAX_ALERTS;
    this.#emit({ kind: 'alert', alert });
  }

  /** Counts a ledger line that was not a record. */
  skipLine(): void {
    this.#skippedLines += 1;
    this.#emit({ kind: 'other' });
  }

  /**
   * The dashboard's state now, as plain JSON.
   *
   * @param now - The current time, in milliseconds since the epoch.
   * @returns The snapshot.
   */
  snapshot(now: number = Date.now()): DashboardSnapshot {
    const own = this.#meter.snapshot();
    const baseline = this.#baseline;
    const totals = baseline === undefined ? own.totals : addTotals(own.totals, baseline.totals);
    const budgets = [...(this.#options.externalBudgets?.() ?? []), ...own.budgets];
    return {
      v: DASHBOARD_SNAPSHOT_VERSION,
      time: new Date(now).toISOString(),
      sources: this.#options.sources,
      totals,
      byProvider: mergeBreakdown(own.byProvider, baseline?.byProvider),
      byModel: mergeBreakdown(own.byModel, baseline?.byModel),
      lastMinute: own.windows.minute.totals,
      series: { bucketMs: this.#options.bucketMs, points: this.#seriesPoints(now) },
      equivalents: equivalents(totals),
      budgets,
      alerts: [...this.#alerts],
      feed: [...this.#feed],
      carbon: {
        totals: freezeRecompute(this.#carbon),
        byProvider: Object.fromEntries([...this.#carbonByProvider].map(([provider, recompute]) => [provider, freezeRecompute(recompute)])),
        byModel: Object.fromEntries([...this.#carbonByModel].map(([model, recompute]) => [model, freezeRecompute(recompute)])),
        requestsByZone: Object.fromEntries(this.#requestsByZone),
      },
      skippedLines: this.#skippedLines,
    };
  }

  #emit(change: ModelChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // A failing listener (a closed socket) must not stop the others or the source.
      }
    }
  }

  #addToCarbon(record: ImpactRecord): void {
    const intensity = pricedGridIntensity(record, this.#options.catalog);
    const add = (target: MutableRecompute): void => {
      target.requests += 1;
      if (intensity === undefined) {
        target.unknownZoneRequests += 1;
        addInto(target.fixedGwp, record.gwp);
        return;
      }
      addInto(target.energy, record.energy);
      // Embodied = total − energy × intensity, bound by bound; clamped at 0 against rounding.
      target.fixedGwp.value += Math.max(0, record.gwp.value - record.energy.value * intensity);
      target.fixedGwp.min += Math.max(0, record.gwp.min - record.energy.min * intensity);
      target.fixedGwp.max += Math.max(0, record.gwp.max - record.energy.max * intensity);
    };
    add(this.#carbon);
    add(recomputeFor(this.#carbonByProvider, record.provider));
    add(recomputeFor(this.#carbonByModel, `${record.provider}/${record.model}`));
    if (this.#requestsByZone.has(record.zone) || this.#requestsByZone.size < MAX_KEYS) {
      this.#requestsByZone.set(record.zone, (this.#requestsByZone.get(record.zone) ?? 0) + 1);
    }
  }

  #addToSeries(record: ImpactRecord, now: number): void {
    const { bucketMs, buckets } = this.#options;
    const current = Math.floor(now / bucketMs);
    const time = Date.parse(record.time);
    const index = Math.min(Number.isNaN(time) ? current : Math.floor(time / bucketMs), current);
    if (index <= current - buckets) return;
    this.#prune(current);
    let point = this.#points.get(index);
    if (point === undefined) {
      point = { time: index * bucketMs, requests: 0, energy: zeroRange(), gwp: zeroRange(), water: zeroRange() };
      this.#points.set(index, point);
    }
    point.requests += 1;
    addInto(point.energy, record.energy);
    addInto(point.gwp, record.gwp);
    addInto(point.water, record.water);
  }

  #prune(current: number): void {
    for (const index of this.#points.keys()) {
      if (index <= current - this.#options.buckets) this.#points.delete(index);
    }
  }

  #seriesPoints(now: number): SeriesPoint[] {
    const { bucketMs, buckets } = this.#options;
    const current = Math.floor(now / bucketMs);
    this.#prune(current);
    const points: SeriesPoint[] = [];
    for (let index = current - buckets + 1; index <= current; index += 1) {
      const point = this.#points.get(index);
      points.push(point === undefined
        ? { time: index * bucketMs, requests: 0, energy: zeroRange(), gwp: zeroRange(), water: zeroRange() }
        : { time: point.time, requests: point.requests, energy: copyRange(point.energy), gwp: copyRange(point.gwp), water: copyRange(point.water) });
    }
    return points;
  }
}
