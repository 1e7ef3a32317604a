import type { BudgetMetric, BudgetStatus, Equivalent, ImpactRecord, ImpactTotals, Range } from '@wattlens/core';

/** Version of the {@link DashboardSnapshot} layout; bumped on any incompatible change. */
export const DASHBOARD_SNAPSHOT_VERSION = 1;

/** One bucket of the dashboard's time series: the requests that ended within it. */
export interface SeriesPoint {
  /** Start of the bucket, in milliseconds since the epoch. */
  readonly time: number;
  readonly requests: number;
  /** kWh. */
  readonly energy: Range;
  /** kgCO2eq. */
  readonly gwp: Range;
  /** L. */
  readonly water: Range;
}

/** The last minutes, bucket by bucket, oldest first; the last bucket is the current one. */
export interface DashboardSeries {
  /** Width of a bucket, in milliseconds. */
  readonly bucketMs: number;
  readonly points: readonly SeriesPoint[];
}

/**
 * What the zone selector needs to recompute carbon for another grid: the energy whose grid is
 * known, and the greenhouse gases that do not depend on the grid. For a zone with `gwp` factor
 * `f` (kgCO2eq per kWh), the carbon is `fixedGwp + energy × f`, bound by bound (see
 * {@link carbonForZone}).
 */
export interface ZoneRecompute {
  /** Energy (kWh) of the requests whose electricity zone is known, the part a grid prices. */
  readonly energy: Range;
  /**
   * Greenhouse gases (kgCO2eq) that stay whatever the grid: the hardware's embodied emissions of
   * the requests above, plus everything of the requests whose zone is not known.
   */
  readonly fixedGwp: Range;
  /** Requests counted. */
  readonly requests: number;
  /** Requests whose zone could not be priced (a zone missing from the catalog), kept at their own figures. */
  readonly unknownZoneRequests: number;
}

/** An electricity zone the selector offers, with its carbon intensity. */
export interface DashboardZone {
  /** ISO 3166-1 alpha-3, `WOR` or `EUR`. */
  readonly code: string;
  readonly name: string;
  /** kgCO2eq per kWh. */
  readonly gwp: number;
}

/** Inputs of the "what if this ran elsewhere?" recomputation, for the totals, each provider and each model. */
export interface CarbonByZone {
  readonly totals: ZoneRecompute;
  readonly byProvider: Readonly<Record<string, ZoneRecompute>>;
  /** By `provider/model`, as the snapshot's `byModel`. */
  readonly byModel: Readonly<Record<string, ZoneRecompute>>;
  /** How many of the requests ran in each zone, as their reports assumed. */
  readonly requestsByZone: Readonly<Record<string, number>>;
}

/** A budget that crossed its warning threshold or its limit, as the dashboard keeps it (no record). */
export interface DashboardAlert {
  readonly kind: 'budget-warning' | 'budget-exceeded';
  /** When the dashboard received it, ISO 8601 UTC. */
  readonly time: string;
  readonly name: string;
  readonly metric: BudgetMetric;
  readonly limit: number;
  readonly spent: number;
  readonly fraction: number;
  readonly tag?: { readonly key: string; readonly value: string };
}

/**
 * Everything the dashboard page shows, as plain JSON: what `GET /api/snapshot` returns and what
 * the `snapshot` server-sent event carries. Holds identifiers, counts, figures and tags only:
 * never prompt or completion text.
 */
export interface DashboardSnapshot {
  /** Layout version ({@link DASHBOARD_SNAPSHOT_VERSION}). */
  readonly v: 1;
  /** When the snapshot was taken, ISO 8601 UTC. */
  readonly time: string;
  /** What feeds the dashboard: a meter, and the ledger file's name (without its directory). */
  readonly sources: { readonly meter: boolean; readonly ledger?: string };
  /** Every request the dashboard counted: the ledger's, the meter's. */
  readonly totals: ImpactTotals;
  readonly byProvider: Readonly<Record<string, ImpactTotals>>;
  /** By `provider/model`. */
  readonly byModel: Readonly<Record<string, ImpactTotals>>;
  /** The requests of the last minute (between 55 and 60 seconds): the current rate. */
  readonly lastMinute: ImpactTotals;
  readonly series: DashboardSeries;
  /** The totals as everyday activities (core's `equivalents()`, energy compared with energy). */
  readonly equivalents: readonly Equivalent[];
  /** Budget statuses: the meter's, or those of the `budgets` option. */
  readonly budgets: readonly BudgetStatus[];
  /** The latest budget events, newest first. */
  readonly alerts: readonly DashboardAlert[];
  /** The latest requests, newest first. */
  readonly feed: readonly ImpactRecord[];
  readonly carbon: CarbonByZone;
  /** Ledger lines skipped because they were not records (torn or invalid). */
  readonly skippedLines: number;
}
