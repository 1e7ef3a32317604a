import {
  equivalents as toEquivalents,
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatPrimaryEnergy,
  formatResources,
  formatWater,
  type BudgetMetric,
  type FormatLocale,
  type ImpactTotals,
  type Range,
} from '@wattlens/core';
import type { DashboardSnapshot } from './dashboard-snapshot';

/** Options of {@link renderTerminalView} and {@link renderTerminalLine}. */
export interface TerminalViewOptions {
  /** Width of the terminal, in characters: longer lines are cut. @default 80 */
  readonly columns?: number;
  /** Most lines of the view (a terminal's height): the least important sections go first. @default unlimited */
  readonly rows?: number;
  /** Colour and bold with ANSI escape codes. @default true */
  readonly color?: boolean;
  /** Language of units and equivalents. @default 'en' */
  readonly locale?: FormatLocale;
  /** How many models to list. @default 5 */
  readonly topModels?: number;
}

type Style = 'bold' | 'dim' | 'green' | 'yellow' | 'red' | 'cyan';

const CODES: Readonly<Record<Style, string>> = { bold: '1', dim: '2', green: '32', yellow: '33', red: '31', cyan: '36' };

/** A run of text and its style. */
type Part = readonly [text: string, style?: Style];

/** Eighths of a block, for sparklines and bars. */
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

const numbers = new Map<FormatLocale, Intl.NumberFormat>();

function integer(value: number, locale: FormatLocale): string {
  let format = numbers.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US');
    numbers.set(locale, format);
  }
  return format.format(value);
}

/** Characters as a terminal counts them (code points; the view uses no wide characters). */
function width(text: string): number {
  return [...text].length;
}

function cut(text: string, room: number): string {
  if (room <= 0) return '';
  const characters = [...text];
  if (characters.length <= room) return text;
  return `${characters.slice(0, Math.max(0, room - 1)).join('')}…`;
}

function pad(text: string, size: number, alignRight = false): string {
  const gap = Math.max(0, size - width(text));
  return alignRight ? `${' '.repeat(gap)}${text}` : `${text}${' '.repeat(gap)}`;
}

/** Joins parts into one line no wider than `columns`, styled when `color` is set. */
function line(parts: readonly Part[], columns: number, color: boolean): string {
  let room = columns;
  let output = '';
  for (const [text, style] of parts) {
    if (room <= 0) break;
    const shown = cut(text, room);
    room -= width(shown);
    output += color && style !== undefined && shown !== '' ? `\u001B[${CODES[style]}m${shown}\u001B[0m` : shown;
  }
  return output;
}

function bar(fraction: number, size: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * size);
  return `${'█'.repeat(filled)}${'░'.repeat(size - filled)}`;
}

function sparkline(values: readonly number[], size: number): string {
  if (values.length === 0 || size <= 0) return '';
  // Sums consecutive buckets so that the whole series fits in `size` characters.
  const group = Math.ceil(values.length / size);
  const sums: number[] = [];
  for (let start = 0; start < values.length; start += group) {
    sums.push(values.slice(start, start + group).reduce((sum, value) => sum + value, 0));
  }
  const top = Math.max(...sums);
  return sums.map((sum) => (sum <= 0 || top <= 0 ? ' ' : SPARKS[Math.min(SPARKS.length - 1, Math.floor((sum / top) * (SPARKS.length - 1)))] ?? ' ')).join('');
}

const METRIC_FORMAT: Readonly<Record<BudgetMetric, (value: number, options: { locale: FormatLocale }) => string>> = {
  energy: formatEnergy,
  gwp: formatCarbon,
  water: formatWater,
  adpe: formatResources,
  pe: formatPrimaryEnergy,
};

function rangeText(range: Range, format: (value: number, options: { locale: FormatLocale }) => string, locale: FormatLocale): string {
  if (range.min === range.max) return '';
  return `${format(range.min, { locale })} – ${format(range.max, { locale })}`;
}

function requestsText(totals: ImpactTotals, locale: FormatLocale): string {
  const ended = [totals.failed > 0 ? `${integer(totals.failed, locale)} failed` : '', totals.aborted > 0 ? `${integer(totals.aborted, locale)} aborted` : '']
    .filter(Boolean).join(', ');
  return `${integer(totals.requests, locale)} request${totals.requests === 1 ? '' : 's'}${ended === '' ? '' : ` (${ended})`}`;
}

function clock(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/**
 * The terminal live view of a dashboard snapshot, as lines: running totals with their ranges,
 * the last minute, equivalents, a sparkline of the last minutes, the top models and the budgets.
 * Lines are cut to `columns`; with `rows`, the view is cut to fit, least important sections first.
 *
 * @param snapshot - From a dashboard (`dashboard.snapshot()`, `GET /api/snapshot`) or {@link startTerminalView}.
 * @param options - Width, height, colour and locale.
 * @returns The lines, without line breaks.
 * @example
 * ```ts
 * process.stdout.write(`${renderTerminalView(dashboard.snapshot(), { columns: process.stdout.columns }).join('\n')}\n`);
 * ```
 */
export function renderTerminalView(snapshot: DashboardSnapshot, options: TerminalViewOptions = {}): string[] {
  const columns = Math.max(20, options.columns ?? 80);
  const color = options.color ?? true;
  const locale = options.locale ?? 'en';
  const topModels = options.topModels ?? 5;
  const { totals, lastMinute } = snapshot;
  const render = (parts: readonly Part[]): string => line(parts, columns, color);
  const label = (text: string): Part => [pad(text, 13), 'dim'];

  const sources = [snapshot.sources.meter ? 'meter' : '', snapshot.sources.ledger === undefined ? '' : snapshot.sources.ledger].filter(Boolean).join(' + ');
  const title = `WattLens · live${sources === '' ? '' : ` · ${sources}`}`;
  const time = clock(snapshot.time);
  const shownTitle = cut(title, Math.max(1, columns - width(time) - 1));
  const header = render([[shownTitle, 'bold'], [pad(time, columns - width(shownTitle), true), 'dim']]);

  const totalLine = (name: string, range: Range, format: (value: number, options: { locale: FormatLocale }) => string): string => {
    const value = format(range.value, { locale });
    const spread = rangeText(range, format, locale);
    return render([label(name), [pad(value, 14), 'bold'], ...(spread === '' ? [] : [[`range ${spread}`, 'dim'] as Part])]);
  };
  const core = [
    header,
    totalLine('Energy', totals.energy, formatEnergy),
    totalLine('CO2e', totals.gwp, formatCarbon),
    totalLine('Water', totals.water, formatWater),
    render([label('Requests'), [`${requestsText(totals, locale)} · ${integer(totals.inputTokens, locale)} in + ${integer(totals.outputTokens, locale)} out tokens`]]),
    render([label('Last minute'), [`${requestsText(lastMinute, locale)} · ${formatEnergy(lastMinute.energy.value, { locale })} · ${formatCarbon(lastMinute.gwp.value, { locale })}`]]),
  ];

  const shownEquivalents = toEquivalents(totals, { only: ['petrol-car-km', 'smartphone-charges', 'video-streaming-hours', 'bottled-water-litres'] });
  const extras: string[][] = [];
  if (totals.requests > 0) {
    extras.push([render([['≈ ', 'dim'], [shownEquivalents.map((equivalent) => formatEquivalent(equivalent, { locale })).join(' · ')]])]);
  }
  const minutes = Math.round((snapshot.series.points.length * snapshot.series.bucketMs) / 60_000);
  const sparkRoom = Math.max(0, Math.min(60, columns - 14));
  extras.push([render([label(`Last ${minutes} min`), [sparkline(snapshot.series.points.map((point) => point.energy.value), sparkRoom), 'cyan']])]);

  const models = Object.entries(snapshot.byModel).sort(([, a], [, b]) => b.energy.value - a.energy.value).slice(0, topModels);
  if (models.length > 0) {
    const nameWidth = Math.max(10, Math.min(34, columns - 44));
    const energyTotal = totals.energy.value;
    extras.push([
      '',
      render([[pad('Top models', nameWidth), 'bold'], [`${pad('req', 7, true)} ${pad('energy', 11, true)} ${pad('CO2e', 14, true)}`, 'dim']]),
      ...models.map(([name, model]) => render([
        [pad(cut(name, nameWidth), nameWidth)],
        [`${pad(integer(model.requests, locale), 7, true)} ${pad(formatEnergy(model.energy.value, { locale }), 11, true)} ${pad(formatCarbon(model.gwp.value, { locale }), 14, true)}  `],
        [bar(energyTotal > 0 ? model.energy.value / energyTotal : 0, 10), 'cyan'],
      ])),
    ]);
  }

  if (snapshot.budgets.length > 0) {
    extras.push([
      '',
      render([['Budgets', 'bold']]),
      ...snapshot.budgets.map((status) => {
        const format = METRIC_FORMAT[status.metric];
        const style: Style = status.state === 'exceeded' ? 'red' : status.state === 'warning' ? 'yellow' : 'green';
        const name = `${status.name}${status.tag === undefined ? '' : ` (${status.tag.key} ${status.tag.value})`}`;
        const window = status.window === 'total' ? 'in total' : status.window === 'request' ? 'per request' : `per ${status.window}`;
        return render([
          [pad(cut(name, 24), 25)],
          [bar(status.fraction, 10), style],
          [` ${pad(`${Math.round(status.fraction * 100)}%`, 5, true)}  `, style],
          [`${format(status.spent, { locale })} of ${format(status.limit, { locale })} ${window}${status.state === 'ok' ? '' : ` · ${status.state}`}`],
        ]);
      }),
    ]);
  }
  const latestAlert = snapshot.alerts[0];
  if (latestAlert !== undefined) {
    const format = METRIC_FORMAT[latestAlert.metric];
    extras.push([render([
      [latestAlert.kind === 'budget-exceeded' ? 'Budget exceeded: ' : 'Budget warning: ', latestAlert.kind === 'budget-exceeded' ? 'red' : 'yellow'],
      [`${latestAlert.name}${latestAlert.tag === undefined ? '' : ` (${latestAlert.tag.key} ${latestAlert.tag.value})`} at ${Math.round(latestAlert.fraction * 100)}%, ${format(latestAlert.spent, { locale })} of ${format(latestAlert.limit, { locale })} · ${clock(latestAlert.time)}`],
    ])]);
  }
  if (snapshot.skippedLines > 0) extras.push([render([[`${integer(snapshot.skippedLines, locale)} ledger line${snapshot.skippedLines === 1 ? '' : 's'} skipped (not a record)`, 'dim']])]);

  const footer = render([['Ctrl-C to stop', 'dim']]);
  const rows = options.rows ?? Number.POSITIVE_INFINITY;
  const lines = [...core];
  for (const section of extras) {
    if (lines.length + section.length + 2 > rows) break;
    lines.push(...section);
  }
  lines.push('', footer);
  return lines.slice(0, Math.max(1, Math.min(lines.length, rows)));
}

/**
 * One line summing up a snapshot, for a log or a terminal that cannot redraw (the plain mode of
 * `wattlens watch`): time, requests, energy, CO2e, water and the last minute. No escape codes.
 *
 * @param snapshot - A dashboard snapshot.
 * @param options - Locale.
 * @returns The line, without a line break.
 * @example
 * ```ts
 * console.log(renderTerminalLine(dashboard.snapshot()));
 * // 10:42:07 UTC  12 requests  3.4 Wh  1.2 g CO2e  5.1 mL  last minute: 3 requests, 0.9 Wh
 * ```
 */
export function renderTerminalLine(snapshot: DashboardSnapshot, options: Pick<TerminalViewOptions, 'locale'> = {}): string {
  const locale = options.locale ?? 'en';
  const { totals, lastMinute } = snapshot;
  return `${clock(snapshot.time)}  ${requestsText(totals, locale)}  ${formatEnergy(totals.energy.value, { locale })}  ${formatCarbon(totals.gwp.value, { locale })}`
    + `  ${formatWater(totals.water.value, { locale })}  last minute: ${requestsText(lastMinute, locale)}, ${formatEnergy(lastMinute.energy.value, { locale })}`;
}
