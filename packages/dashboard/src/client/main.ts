// The dashboard page's script: reads the snapshot and the event stream of the server that serves
// it, and renders. Bundled with the formatters of @wattlens/core into dist/client/app.js.
import './styles.css';
import { formatCarbon, formatEnergy, formatWater, type ImpactRecord } from '@wattlens/core';
import type { DashboardSnapshot, DashboardZone } from '../dashboard-snapshot';
import { byId, html, setText } from './dom';
import { renderBreakdowns, renderBudgets, renderEquivalents, renderFacts, renderFeed, renderTotals } from './render';
import { drawSeriesChart, type SeriesFigure, type SeriesMetric } from './series-chart';

/** Zones offered first in the selector: the grids people most often ask about. */
const COMMON_ZONES = ['FRA', 'SWE', 'NOR', 'CHE', 'DEU', 'GBR', 'IRL', 'NLD', 'USA', 'CAN', 'CHN', 'IND', 'JPN', 'AUS', 'POL', 'EUR', 'WOR'];

/** Rows of the feed kept between two snapshots (the server's default feed size). */
const FEED_ROWS = 50;

const FIGURES: Readonly<Record<SeriesMetric, SeriesFigure>> = {
  energy: { metric: 'energy', label: 'Energy', format: (value) => formatEnergy(value, { digits: 2 }) },
  gwp: { metric: 'gwp', label: 'Greenhouse gases', format: (value) => formatCarbon(value, { digits: 2 }) },
  water: { metric: 'water', label: 'Water', format: (value) => formatWater(value, { digits: 2 }) },
};

interface PageState {
  snapshot: DashboardSnapshot | undefined;
  zones: readonly DashboardZone[];
  zone: DashboardZone | undefined;
  series: SeriesMetric;
  /** Newest first: the snapshot's feed, with records streamed since. */
  feed: readonly ImpactRecord[];
  /** Rows already shown in the feed, to highlight new ones. */
  readonly seen: Set<string>;
  /** Records received as events since the page connected (what the status line counts). */
  received: number;
}

const state: PageState = { snapshot: undefined, zones: [], zone: undefined, series: 'energy', feed: [], seen: new Set(), received: 0 };

function render(): void {
  const { snapshot, zone } = state;
  if (snapshot === undefined) return;
  renderTotals(snapshot, zone);
  renderFacts(snapshot);
  renderEquivalents(snapshot, zone);
  renderBudgets(snapshot);
  renderBreakdowns(snapshot, zone);
  renderFeed(state.feed, state.seen);
  drawSeriesChart(byId('series'), snapshot.series, FIGURES[state.series]);
}

function setStatus(kind: 'connecting' | 'live' | 'offline', text: string): void {
  const status = byId('status');
  status.dataset['state'] = kind;
  setText(byId('status-text'), text);
}

function liveText(): string {
  const time = state.snapshot === undefined ? '' : ` · updated ${new Date(state.snapshot.time).toLocaleTimeString('en-GB')}`;
  return `Live${time}`;
}

function fillZones(zones: readonly DashboardZone[]): void {
  state.zones = zones;
  const select = byId<HTMLSelectElement>('zone-select');
  const option = (zone: DashboardZone): HTMLOptionElement =>
    html('option', { value: zone.code }, `${zone.name} · ${Math.round(zone.gwp * 1000)} g/kWh`);
  const common = COMMON_ZONES.flatMap((code) => zones.filter((zone) => zone.code === code));
  select.append(
    html('optgroup', { label: 'Common grids' }, ...common.map(option)),
    html('optgroup', { label: 'All countries' }, ...zones.filter((zone) => !COMMON_ZONES.includes(zone.code)).map(option)),
  );
  const wanted = new URLSearchParams(location.hash.slice(1)).get('zone');
  if (wanted !== null && zones.some((zone) => zone.code === wanted)) {
    select.value = wanted;
    state.zone = zones.find((zone) => zone.code === wanted);
  }
}

function onZoneChange(): void {
  const code = byId<HTMLSelectElement>('zone-select').value;
  state.zone = state.zones.find((zone) => zone.code === code);
  history.replaceState(null, '', code === '' ? location.pathname : `#zone=${code}`);
  render();
}

function onSeriesChange(event: Event): void {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-series]');
  const metric = button?.dataset['series'];
  if (metric !== 'energy' && metric !== 'gwp' && metric !== 'water') return;
  state.series = metric;
  for (const tab of document.querySelectorAll<HTMLButtonElement>('button[data-series]')) {
    tab.setAttribute('aria-pressed', String(tab.dataset['series'] === metric));
  }
  render();
}

function connect(): void {
  // Budget events need no handler here: the snapshot that follows each of them lists it in `alerts`.
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => setStatus('live', liveText()));
  events.addEventListener('error', () => setStatus(events.readyState === EventSource.CLOSED ? 'offline' : 'connecting', 'Reconnecting…'));
  events.addEventListener('snapshot', (event) => {
    const snapshot = JSON.parse((event as MessageEvent<string>).data) as DashboardSnapshot;
    state.snapshot = snapshot;
    state.feed = snapshot.feed;
    setStatus('live', liveText());
    render();
  });
  events.addEventListener('impact-recorded', (event) => {
    const record = JSON.parse((event as MessageEvent<string>).data) as ImpactRecord;
    state.received += 1;
    document.body.dataset['received'] = String(state.received);
    // Shown at once; the snapshot that follows (within the server's update interval) is authoritative.
    state.feed = [record, ...state.feed].slice(0, Math.max(FEED_ROWS, state.snapshot?.feed.length ?? 0));
    if (state.snapshot !== undefined) renderFeed(state.feed, state.seen);
  });
}

async function start(): Promise<void> {
  byId('zone-select').addEventListener('change', onZoneChange);
  document.querySelector('.tabs')?.addEventListener('click', onSeriesChange);
  let resizing: number | undefined;
  new ResizeObserver(() => {
    if (resizing !== undefined) cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => {
      if (state.snapshot !== undefined) drawSeriesChart(byId('series'), state.snapshot.series, FIGURES[state.series]);
    });
  }).observe(byId('series'));
  connect();
  try {
    const response = await fetch('/assets/zones.json');
    fillZones(await response.json() as DashboardZone[]);
    render();
  } catch {
    setText(byId('zone-note'), 'The list of grids could not be loaded: reload the page.');
  }
}

void start();
