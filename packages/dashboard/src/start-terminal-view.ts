import { basename } from 'node:path';
import {
  defaultCatalog,
  formatCarbon,
  formatEnergy,
  formatPrimaryEnergy,
  formatResources,
  formatWater,
  InvalidRequestError,
  type Budget,
  type BudgetMetric,
  type Catalog,
  type FormatLocale,
  type Meter,
} from '@wattlens/core';
import type { DashboardAlert, DashboardSnapshot } from './dashboard-snapshot';
import { DashboardModel } from './internal/dashboard-model';
import { connectSources } from './internal/impact-sources';
import { renderTerminalLine, renderTerminalView, type TerminalViewOptions } from './terminal-view';

/** Options of {@link startTerminalView}. */
export interface StartTerminalViewOptions extends Omit<TerminalViewOptions, 'columns' | 'rows'> {
  /** A live meter to follow. */
  readonly meter?: Meter;
  /** A ledger file to read and follow (it may not exist yet). */
  readonly ledger?: string;
  /** Where the view is written, e.g. `(text) => process.stdout.write(text)`. */
  readonly write: (text: string) => void;
  /**
   * `live`: a view redrawn in place with ANSI escape codes, for a terminal; `plain`: one line
   * each time the totals change, for a log or a pipe. @default 'live'
   */
  readonly mode?: 'live' | 'plain';
  /** The terminal's size, read before each frame (it may change). @default 80 columns, unlimited rows */
  readonly size?: () => { readonly columns: number; readonly rows: number };
  /** How often the live view is redrawn without news (its clock, the last minute), in milliseconds. @default 1000 */
  readonly refreshMs?: number;
  /** How often the ledger is checked for new lines, in milliseconds. @default 250 */
  readonly pollIntervalMs?: number;
  /** Budgets to evaluate over the records shown. @default [] */
  readonly budgets?: readonly Budget[];
  /** Zone factors. @default defaultCatalog */
  readonly catalog?: Catalog;
}

/** A running terminal view. */
export interface TerminalView {
  /**
   * What the view shows now.
   *
   * @returns The snapshot.
   */
  snapshot(): DashboardSnapshot;
  /** Draws now (the live view), or writes a line if the totals changed (the plain view). */
  refresh(): void;
  /**
   * Stops following the sources and redrawing; shows the cursor again.
   *
   * @returns A promise that resolves once the sources are released.
   */
  stop(): Promise<void>;
}

const METRIC_FORMAT: Readonly<Record<BudgetMetric, (value: number, options: { readonly locale: FormatLocale }) => string>> = {
  energy: formatEnergy,
  gwp: formatCarbon,
  water: formatWater,
  adpe: formatResources,
  pe: formatPrimaryEnergy,
};

/** Least time between two frames caused by new requests, in milliseconds. */
const FRAME_MS = 100;

const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';
const CLEAR_LINE_END = '\u001B[K';
const CLEAR_BELOW = '\u001B[J';

/**
 * Starts the terminal live view (what `wattlens watch` shows): running totals with their
 * ranges, the last minute, equivalents, a sparkline, top models and budgets, redrawn in place as
 * requests come in; or, in `plain` mode, one line per change.
 *
 * @param options - The sources (a meter, a ledger file, or both), where to write and how.
 * @returns The running view, once the ledger has been read and the first frame written.
 * @throws {InvalidRequestError} when neither a meter nor a ledger is given, or an option is malformed.
 * @example
 * ```ts
 * const view = await startTerminalView({ ledger: 'impact.jsonl', write: (text) => process.stdout.write(text), size: () => ({ columns: process.stdout.columns, rows: process.stdout.rows }) });
 * process.once('SIGINT', () => view.stop());
 * ```
 */
export async function startTerminalView(options: StartTerminalViewOptions): Promise<TerminalView> {
  const { meter, ledger, write } = options;
  if (meter === undefined && ledger === undefined) {
    throw new InvalidRequestError({ field: 'options', value: undefined, expected: 'a meter or a ledger file to follow' });
  }
  const mode = options.mode ?? 'live';
  const refreshMs = options.refreshMs ?? 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  for (const [field, value] of [['refreshMs', refreshMs], ['pollIntervalMs', pollIntervalMs]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new InvalidRequestError({ field: `options.${field}`, value, expected: 'an integer >= 1' });
  }
  const model = new DashboardModel({
    catalog: options.catalog ?? defaultCatalog,
    ...(options.budgets === undefined ? {} : { budgets: options.budgets }),
    ...(meter === undefined ? {} : { externalBudgets: () => meter.snapshot().budgets }),
    feedSize: 1,
    bucketMs: 5_000,
    buckets: 120,
    sources: { meter: meter !== undefined, ...(ledger === undefined ? {} : { ledger: basename(ledger) }) },
  });
  const disconnect = await connectSources(model, { meter, ledger, pollIntervalMs });

  let previousLines = 0;
  let printedCounts: string | undefined;
  let lastAlert: DashboardAlert | undefined;
  let stopped = false;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const draw = (): void => {
    if (stopped) return;
    const snapshot = model.snapshot();
    if (mode === 'plain') {
      const counts = `${snapshot.totals.requests}/${snapshot.skippedLines}`;
      if (counts !== printedCounts) {
        printedCounts = counts;
        write(`${renderTerminalLine(snapshot, options)}\n`);
      }
      // Budget events not printed yet, oldest first (alerts are kept newest first, the same objects).
      const fresh: DashboardAlert[] = [];
      for (const alert of snapshot.alerts) {
        if (alert === lastAlert) break;
        fresh.unshift(alert);
      }
      lastAlert = snapshot.alerts[0] ?? lastAlert;
      for (const alert of fresh) {
        const format = (value: number): string => METRIC_FORMAT[alert.metric](value, { locale: options.locale ?? 'en' });
        write(`${alert.time.slice(11, 19)} UTC  ${alert.kind} ${alert.name}${alert.tag === undefined ? '' : ` (${alert.tag.key} ${alert.tag.value})`}`
          + ` at ${Math.round(alert.fraction * 100)}%: ${format(alert.spent)} of ${format(alert.limit)}\n`);
      }
      return;
    }
    const size = options.size?.() ?? { columns: 80, rows: Number.POSITIVE_INFINITY };
    // One line fewer than the screen: a frame taller than the screen could not be redrawn in place.
    const lines = renderTerminalView(snapshot, { ...options, columns: size.columns, rows: Math.max(1, size.rows - 1) });
    const up = previousLines === 0 ? HIDE_CURSOR : `\r\u001B[${previousLines}A`;
    write(`${up}${lines.map((text) => `${text}${CLEAR_LINE_END}\n`).join('')}${CLEAR_BELOW}`);
    previousLines = lines.length;
  };
  const schedule = (): void => {
    if (pending !== undefined || stopped) return;
    pending = setTimeout(() => {
      pending = undefined;
      draw();
    }, FRAME_MS);
  };

  const unsubscribe = model.subscribe(schedule);
  draw();
  const ticker = setInterval(draw, refreshMs);

  return {
    snapshot: () => model.snapshot(),
    refresh: draw,
    async stop() {
      if (stopped) return;
      draw();
      stopped = true;
      clearInterval(ticker);
      if (pending !== undefined) clearTimeout(pending);
      unsubscribe();
      await disconnect();
      if (mode === 'live') write(SHOW_CURSOR);
    },
  };
}
