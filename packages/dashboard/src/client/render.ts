import {
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatPrimaryEnergy,
  formatResources,
  formatWater,
  type BudgetMetric,
  type BudgetStatus,
  type Equivalent,
  type EquivalentId,
  type ImpactRecord,
  type ImpactTotals,
  type Range,
} from '@wattlens/core';
import { carbonForZone } from '../carbon-for-zone';
import type { DashboardAlert, DashboardSnapshot, DashboardZone, ZoneRecompute } from '../dashboard-snapshot';
import { byId, html, setText } from './dom';

const integers = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** Formatters by budget metric. */
const METRIC_FORMAT: Readonly<Record<BudgetMetric, (value: number) => string>> = {
  energy: (value) => formatEnergy(value),
  gwp: (value) => formatCarbon(value),
  water: (value) => formatWater(value),
  adpe: (value) => formatResources(value),
  pe: (value) => formatPrimaryEnergy(value),
};

/**
 * Colours of the breakdown swatches: the Okabe–Ito palette, told apart by people with every
 * common colour-vision deficiency (M. Okabe and K. Ito, "Color Universal Design (CUD): how to make
 * figures and presentations that are friendly to colorblind people", 2008,
 * https://jfly.uni-koeln.de/color/). Known providers keep one colour each.
 */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;
const PROVIDER_COLOURS: Readonly<Record<string, string>> = { openai: '#0072B2', mistral: '#E69F00', huggingface: '#009E73' };

function colourOf(key: string): string {
  const provider = key.split('/')[0] ?? key;
  const known = PROVIDER_COLOURS[provider];
  if (known !== undefined) return known;
  let hash = 0;
  for (const character of provider) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#000000';
}

/** The equivalents the page shows, in this order: one per impact people feel. */
const SHOWN_EQUIVALENTS: readonly EquivalentId[] = ['petrol-car-km', 'smartphone-charges', 'video-streaming-hours', 'bottled-water-litres'];

function rangeText(range: Range, format: (value: number) => string): string {
  if (range.min === range.max) return range.value === 0 ? '' : 'exact figure';
  return `range ${format(range.min)} – ${format(range.max)}`;
}

function plural(count: number, word: string): string {
  return `${integers.format(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** The carbon shown: measured, or recomputed for the chosen grid. */
function carbonOf(recompute: ZoneRecompute | undefined, measured: Range, zone: DashboardZone | undefined): Range {
  return zone === undefined || recompute === undefined ? measured : carbonForZone(recompute, zone.gwp);
}

/**
 * Fills the three running totals and the zone note.
 *
 * @param snapshot - The latest snapshot.
 * @param zone - The grid chosen in the selector, if any.
 */
export function renderTotals(snapshot: DashboardSnapshot, zone: DashboardZone | undefined): void {
  const { totals, carbon } = snapshot;
  const gwp = carbonOf(carbon.totals, totals.gwp, zone);
  setText(byId('total-energy'), formatEnergy(totals.energy.value));
  setText(byId('range-energy'), rangeText(totals.energy, formatEnergy));
  setText(byId('total-gwp'), formatCarbon(gwp.value));
  setText(byId('range-gwp'), rangeText(gwp, formatCarbon));
  setText(byId('total-water'), formatWater(totals.water.value));
  setText(byId('range-water'), rangeText(totals.water, formatWater));
  const { lastMinute } = snapshot;
  setText(byId('energy-per-request'), totals.requests === 0 ? '–' : formatEnergy(totals.energy.value / totals.requests));
  setText(byId('energy-last-minute'), formatEnergy(lastMinute.energy.value));
  setText(byId('water-per-request'), totals.requests === 0 ? '–' : formatWater(totals.water.value / totals.requests));
  setText(byId('water-last-minute'), formatWater(lastMinute.water.value));
  byId('total-gwp').closest('.total')?.classList.toggle('total--what-if', zone !== undefined);

  let note: string;
  if (zone === undefined) {
    const grids = Object.entries(carbon.requestsByZone).sort(([, a], [, b]) => b - a);
    note = grids.length === 0
      ? 'Priced on the grid of each provider\'s datacenters.'
      : `Priced on each request's grid: ${grids.slice(0, 4).map(([code, count]) => `${code} (${integers.format(count)})`).join(', ')}${grids.length > 4 ? '…' : ''}.`;
  } else {
    const intensity = `${integers.format(Math.round(zone.gwp * 1000))} g CO2e/kWh`;
    note = `If the same energy had come from ${zone.name}'s grid (${intensity}). Measured: ${formatCarbon(totals.gwp.value)}.`;
    if (carbon.totals.unknownZoneRequests > 0) {
      note += ` ${plural(carbon.totals.unknownZoneRequests, 'request')} of unknown grid kept as measured.`;
    }
  }
  setText(byId('zone-note'), note);
}

/**
 * Fills the request count, tokens and the last minute.
 *
 * @param snapshot - The latest snapshot.
 */
export function renderFacts(snapshot: DashboardSnapshot): void {
  const { totals, lastMinute } = snapshot;
  setText(byId('requests'), integers.format(totals.requests));
  const ended = [totals.failed > 0 ? `${integers.format(totals.failed)} failed` : '', totals.aborted > 0 ? `${integers.format(totals.aborted)} aborted` : ''].filter(Boolean).join(', ');
  setText(byId('requests-label'), `request${totals.requests === 1 ? '' : 's'}${ended === '' ? '' : ` (${ended})`}`);
  setText(byId('tokens'), `${integers.format(totals.inputTokens)} + ${integers.format(totals.outputTokens)}`);
  setText(byId('rate'), `${integers.format(lastMinute.requests)} · ${formatEnergy(lastMinute.energy.value)}`);
  setText(byId('rate-label'), `request${lastMinute.requests === 1 ? '' : 's'} and energy in the last minute`);
  byId('empty').hidden = totals.requests > 0;
  const sources = [snapshot.sources.meter ? 'live meter' : '', snapshot.sources.ledger === undefined ? '' : `ledger ${snapshot.sources.ledger}`].filter(Boolean);
  setText(byId('sources'), sources.length === 0 ? '' : `Showing ${sources.join(' + ')}`);
  setText(byId('skipped'), snapshot.skippedLines > 0 ? `${plural(snapshot.skippedLines, 'ledger line')} skipped (not a record).` : '');
}

/**
 * Fills the equivalents; with a grid chosen, those compared in CO2e follow the recomputed carbon.
 *
 * @param snapshot - The latest snapshot.
 * @param zone - The grid chosen in the selector, if any.
 */
export function renderEquivalents(snapshot: DashboardSnapshot, zone: DashboardZone | undefined): void {
  const gwp = carbonOf(snapshot.carbon.totals, snapshot.totals.gwp, zone);
  const items = SHOWN_EQUIVALENTS.flatMap((id) => {
    const equivalent = snapshot.equivalents.find((candidate) => candidate.id === id);
    if (equivalent === undefined) return [];
    const shown: Equivalent = equivalent.basis === 'gwp' && zone !== undefined
      ? { ...equivalent, amount: { value: gwp.value / equivalent.perUnit, min: gwp.min / equivalent.perUnit, max: gwp.max / equivalent.perUnit } }
      : equivalent;
    const basis = shown.basis === 'gwp' ? 'CO2e' : shown.basis === 'energy' ? 'energy' : 'water';
    return [html('li', { class: 'equivalent', 'data-equivalent': id }, html('span', { class: 'equivalent__text' }, formatEquivalent(shown)), html('span', { class: 'equivalent__basis' }, `by ${basis}`))];
  });
  byId('equivalents').replaceChildren(...items);
}

function gauge(status: BudgetStatus): HTMLLIElement {
  const format = METRIC_FORMAT[status.metric];
  const shown = Math.min(1, Math.max(0, status.fraction));
  const who = status.tag === undefined ? '' : ` · ${status.tag.key} ${status.tag.value}`;
  const window = status.window === 'total' ? 'in total' : status.window === 'request' ? 'per request' : `per ${status.window}`;
  const resets = status.resetsAt === null ? '' : ` · resets ${new Date(status.resetsAt).toLocaleString('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' })} UTC`;
  const state = status.state === 'exceeded' ? 'exceeded' : status.state === 'warning' ? 'warning' : 'ok';
  return html('li', { class: `budget budget--${state}`, 'data-budget': status.name },
    html('p', { class: 'budget__head' },
      html('span', { class: 'budget__name' }, `${status.name}${who}`),
      html('span', { class: 'budget__state' }, state === 'ok' ? percent.format(status.fraction) : `${percent.format(status.fraction)} · ${state}`)),
    html('div', {
      class: 'budget__gauge',
      role: 'meter',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': Math.round(shown * 100),
      'aria-label': `${status.name}: ${percent.format(status.fraction)} of the limit spent`,
    }, html('span', { class: 'budget__fill', 'data-fill': Math.round(shown * 1000) / 10 }), html('span', { class: 'budget__warn', 'data-at': Math.round(status.warnAt * 1000) / 10 })),
    html('p', { class: 'budget__detail' }, `${format(status.spent)} of ${format(status.limit)} ${window}${status.policy === 'block' ? ' · blocks when spent' : ''}${resets}`),
  );
}

function alertItem(alert: DashboardAlert): HTMLLIElement {
  const who = alert.tag === undefined ? '' : ` (${alert.tag.key} ${alert.tag.value})`;
  const what = alert.kind === 'budget-exceeded' ? 'exceeded' : `at ${percent.format(alert.fraction)}`;
  const format = METRIC_FORMAT[alert.metric];
  const time = new Date(alert.time).toLocaleTimeString('en-GB');
  return html('li', { class: `alert alert--${alert.kind === 'budget-exceeded' ? 'exceeded' : 'warning'}` },
    html('strong', {}, `${alert.name}${who}`),
    ` ${what}: ${format(alert.spent)} of ${format(alert.limit)} · ${time}`);
}

/**
 * Fills the budget gauges and the latest alerts.
 *
 * @param snapshot - The latest snapshot.
 */
export function renderBudgets(snapshot: DashboardSnapshot): void {
  const list = byId('budgets');
  list.replaceChildren(...snapshot.budgets.map(gauge));
  // Widths are set through the CSSOM: the content security policy forbids inline style attributes.
  for (const fill of list.querySelectorAll<HTMLElement>('.budget__fill')) fill.style.width = `${fill.dataset['fill'] ?? '0'}%`;
  for (const mark of list.querySelectorAll<HTMLElement>('.budget__warn')) mark.style.left = `${mark.dataset['at'] ?? '0'}%`;
  byId('alerts').replaceChildren(...snapshot.alerts.slice(0, 3).map(alertItem));
  byId('budgets-empty').hidden = snapshot.budgets.length > 0;
}

interface BreakdownRow {
  readonly key: string;
  readonly totals: ImpactTotals;
  readonly gwp: Range;
}

function breakdownTable(table: HTMLElement, heading: string, rows: readonly BreakdownRow[], attribute: string): void {
  const totalEnergy = rows.reduce((sum, row) => sum + row.totals.energy.value, 0);
  const head = html('thead', {}, html('tr', {},
    html('th', { scope: 'col' }, heading),
    html('th', { scope: 'col', class: 'number optional' }, 'Requests'),
    html('th', { scope: 'col', class: 'number' }, 'Energy'),
    html('th', { scope: 'col', class: 'number' }, 'CO2e'),
    html('th', { scope: 'col', class: 'number optional' }, 'Water'),
    html('th', { scope: 'col', class: 'number optional' }, 'Energy per request'),
    html('th', { scope: 'col', class: 'share optional' }, 'Share of energy')));
  const body = html('tbody', {}, ...rows.map((row) => {
    const share = totalEnergy > 0 ? row.totals.energy.value / totalEnergy : 0;
    const bar = html('span', { class: 'share__bar', 'data-share': Math.round(share * 1000) / 10 });
    bar.style.width = `${Math.round(share * 1000) / 10}%`;
    bar.style.backgroundColor = colourOf(row.key);
    const swatch = html('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = colourOf(row.key);
    return html('tr', { [attribute]: row.key },
      html('th', { scope: 'row', class: 'name' }, swatch, row.key),
      html('td', { class: 'number optional' }, integers.format(row.totals.requests)),
      html('td', { class: 'number' }, formatEnergy(row.totals.energy.value)),
      html('td', { class: 'number', 'data-testid': 'row-gwp' }, formatCarbon(row.gwp.value)),
      html('td', { class: 'number optional' }, formatWater(row.totals.water.value)),
      html('td', { class: 'number optional' }, row.totals.requests === 0 ? '–' : formatEnergy(row.totals.energy.value / row.totals.requests)),
      html('td', { class: 'share optional' }, html('span', { class: 'share__track' }, bar), html('span', { class: 'share__text' }, percent.format(share))));
  }));
  if (rows.length === 0) {
    table.replaceChildren(html('tbody', {}, html('tr', {}, html('td', { class: 'empty' }, 'Nothing yet.'))));
    return;
  }
  table.replaceChildren(head, body);
}

/**
 * Fills the comparison by provider and by model, largest energy first.
 *
 * @param snapshot - The latest snapshot.
 * @param zone - The grid chosen in the selector, if any.
 */
export function renderBreakdowns(snapshot: DashboardSnapshot, zone: DashboardZone | undefined): void {
  const rows = (breakdown: Readonly<Record<string, ImpactTotals>>, recompute: Readonly<Record<string, ZoneRecompute>>): BreakdownRow[] =>
    Object.entries(breakdown)
      .map(([key, totals]) => ({ key, totals, gwp: carbonOf(recompute[key], totals.gwp, zone) }))
      .sort((a, b) => b.totals.energy.value - a.totals.energy.value);
  breakdownTable(byId('by-provider'), 'Provider', rows(snapshot.byProvider, snapshot.carbon.byProvider), 'data-provider');
  breakdownTable(byId('by-model'), 'Model', rows(snapshot.byModel, snapshot.carbon.byModel).slice(0, 12), 'data-model');
}

function feedRow(record: ImpactRecord, fresh: boolean): HTMLTableRowElement {
  const time = new Date(record.time).toLocaleTimeString('en-GB');
  const status = record.status === 'completed' ? (record.streamed === true ? 'streamed' : 'done') : record.status;
  return html('tr', { class: `${fresh ? 'fresh ' : ''}status--${record.status}` },
    html('td', { class: 'time optional' }, time),
    html('th', { scope: 'row', class: 'name' }, `${record.provider}/${record.model}`),
    html('td', { class: 'number optional' }, `${integers.format(record.inputTokens)} → ${integers.format(record.outputTokens)}`),
    html('td', { class: 'number optional' }, record.latencyMs === undefined ? '–' : `${integers.format(Math.round(record.latencyMs))} ms`),
    html('td', { class: 'number' }, formatEnergy(record.energy.value)),
    html('td', { class: 'number' }, formatCarbon(record.gwp.value)),
    html('td', { class: 'number optional' }, formatWater(record.water.value)),
    html('td', { class: 'feed__status optional' }, status));
}

/**
 * Fills the latest requests, newest first; rows not seen before are highlighted.
 *
 * @param feed - The records, newest first.
 * @param seen - Keys of the rows already shown; updated.
 */
export function renderFeed(feed: readonly ImpactRecord[], seen: Set<string>): void {
  const table = byId('feed');
  if (feed.length === 0) {
    table.replaceChildren(html('tbody', {}, html('tr', {}, html('td', { class: 'empty' }, 'No request yet.'))));
    return;
  }
  const head = html('thead', {}, html('tr', {},
    html('th', { scope: 'col', class: 'optional' }, 'Time'),
    html('th', { scope: 'col' }, 'Model'),
    html('th', { scope: 'col', class: 'number optional' }, 'Tokens in → out'),
    html('th', { scope: 'col', class: 'number optional' }, 'Latency'),
    html('th', { scope: 'col', class: 'number' }, 'Energy'),
    html('th', { scope: 'col', class: 'number' }, 'CO2e', html('span', { class: 'optional' }, ' (measured)')),
    html('th', { scope: 'col', class: 'number optional' }, 'Water'),
    html('th', { scope: 'col', class: 'optional' }, 'Status')));
  const keys = feed.map((record) => `${record.time}|${record.provider}|${record.model}|${record.requestId ?? ''}|${record.energy.value}`);
  const first = seen.size === 0;
  const rows = feed.map((record, index) => feedRow(record, !first && !seen.has(keys[index] ?? '')));
  seen.clear();
  for (const key of keys) seen.add(key);
  table.replaceChildren(head, html('tbody', {}, ...rows));
}
