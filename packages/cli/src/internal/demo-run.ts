import { setTimeout as sleep } from 'node:timers/promises';
import {
  describeFailure,
  formatCarbon,
  formatEnergy,
  formatPrimaryEnergy,
  formatResources,
  formatWater,
  Meter,
  type BudgetEvent,
  type BudgetMetric,
} from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { startDashboard, startTerminalView, type Dashboard, type TerminalView } from '@wattlens/dashboard';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import type { CliIO } from '../cli-io';
import { demoCatalog } from './demo-catalog';
import type { DemoClients } from './demo-clients';
import { DEMO_BUDGETS, DEMO_SCRIPT, demoRequests, type DemoRequest, type DemoStep } from './demo-script';
import { demoSummaryLine } from './demo-summary';

/** What `wattlens demo` was asked to do, its flags checked. */
export interface DemoSettings {
  /** How many requests the session sends. */
  readonly requests: number;
  /** Whether to serve the dashboard (and the live terminal view) and stay up until Ctrl-C. */
  readonly dashboard: boolean;
  /** The dashboard's port; 0 or undefined picks a free one. */
  readonly port: number | undefined;
  /** The ledger to append every request to: its absolute path, and its name as the user gave it. */
  readonly ledger: { readonly path: string; readonly name: string } | undefined;
  /** The simulator's latency. */
  readonly latency: 'realistic' | 'none';
  /** The simulator's seed, and the seed of the pauses between requests. */
  readonly seed: number;
}

/** Exit code of a headless session stopped by Ctrl-C: 128 + SIGINT, as shells report it. */
const INTERRUPTED_EXIT_CODE = 130;

/**
 * Pause between two requests with realistic latency, in milliseconds: the time a user takes to
 * read a reply and type the next request. A demo choice (it sets the default session to about a
 * minute), not a measured figure. No pause without latency.
 */
const PAUSE_MS = { min: 500, max: 1300 } as const;

/** Mulberry32 (Tommy Ettinger, public domain): a small seeded generator, so that a seed gives the same session every time. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ALERT_FORMAT: Readonly<Record<BudgetMetric, (value: number) => string>> = {
  energy: formatEnergy,
  gwp: formatCarbon,
  water: formatWater,
  adpe: formatResources,
  pe: formatPrimaryEnergy,
};

function alertLine(kind: 'warning' | 'exceeded', event: BudgetEvent): string {
  const format = ALERT_FORMAT[event.metric];
  const tag = event.tag === undefined ? '' : ` (${event.tag.key} ${event.tag.value})`;
  return `budget ${kind}: ${event.name}${tag} at ${Math.round(event.fraction * 100)}%, ${format(event.spent)} of ${format(event.limit)}\n`;
}

function describeRequest(request: DemoRequest): string {
  const { step } = request;
  return `${step.provider} ${step.model} ${step.call}`;
}

interface SessionOutcome {
  /** Requests that were sent (failed ones included), not counting those stopped by Ctrl-C. */
  readonly sent: number;
  readonly failed: number;
}

type DemoClientsModule = typeof import('./demo-clients');

async function runSession(
  { sendDemoRequest }: DemoClientsModule,
  clients: DemoClients,
  requests: readonly DemoRequest[],
  settings: DemoSettings,
  io: CliIO,
  signal: AbortSignal,
): Promise<SessionOutcome> {
  const random = seededRandom(settings.seed);
  let sent = 0;
  let failed = 0;
  for (const request of requests) {
    if (signal.aborted) break;
    try {
      await sendDemoRequest(clients, request, signal);
      sent += 1;
    } catch (error) {
      if (signal.aborted) break;
      sent += 1;
      failed += 1;
      // The error's name and HTTP status only: an SDK's message can echo the request.
      const failure = describeFailure(error);
      io.stderr(`wattlens demo: request ${request.index + 1} (${describeRequest(request)}) failed: ${failure?.name ?? 'Error'}${failure?.status === undefined ? '' : ` ${failure.status}`}\n`);
    }
    if (settings.latency === 'realistic' && request.index + 1 < requests.length) {
      const pause = PAUSE_MS.min + random() * (PAUSE_MS.max - PAUSE_MS.min);
      await sleep(pause, undefined, { signal }).catch(() => undefined);
    }
  }
  return { sent, failed };
}

function header(settings: DemoSettings): string {
  const latency = settings.latency === 'realistic' ? 'realistic latency' : 'no latency';
  return `Demo: ${settings.requests} ${settings.requests === 1 ? 'request' : 'requests'} through the OpenAI, Mistral and Hugging Face SDKs, `
    + `wrapped by WattLens, against a local simulator (${latency}, seed ${settings.seed}). No API key, no network.`;
}

/**
 * Runs the demo: starts the provider simulator, sends the scripted session through the three real
 * SDKs wrapped by WattLens into one meter (with budgets, and a ledger when asked), and shows it:
 * the dashboard's address first, then a live view in the terminal, both up until Ctrl-C; or,
 * headless, a line per budget alert. Prints a one-line summary at the end. Everything it started
 * is closed before it returns, so the process exits on its own.
 *
 * @param settings - The checked flags.
 * @param io - Where to write, and the Ctrl-C to wait for.
 * @param script - The steps of the session. @default DEMO_SCRIPT
 * @returns The exit code: 0, 1 when a request or a ledger write failed, 130 when Ctrl-C stopped a headless session.
 */
export async function runDemo(settings: DemoSettings, io: CliIO, script: readonly DemoStep[] = DEMO_SCRIPT): Promise<number> {
  const stop = new AbortController();
  void io.interrupted.then(() => stop.abort());
  const color = (io.env['NO_COLOR'] ?? '') === '';
  const live = settings.dashboard && io.terminal !== undefined;

  const meter = new Meter({ budgets: DEMO_BUDGETS });
  let ledgerFailures = 0;
  const ledger = settings.ledger === undefined ? undefined : new Ledger(settings.ledger.path, {
    onError: (error) => {
      ledgerFailures += 1;
      io.stderr(`wattlens demo: ${error.message}\n`);
    },
  });
  ledger?.attach(meter);

  let sim: ProviderSim | undefined;
  let dashboard: Dashboard | undefined;
  let view: TerminalView | undefined;
  let outcome: SessionOutcome = { sent: 0, failed: 0 };
  // The SDKs take seconds to load: load them while the simulator and the dashboard start, so that
  // the dashboard's address comes first.
  const loading = import('./demo-clients');
  loading.catch(() => undefined);
  try {
    sim = await startProviderSim({ latency: settings.latency, seed: settings.seed });
    if (settings.dashboard) {
      try {
        dashboard = await startDashboard({ meter, ...(settings.port === undefined ? {} : { port: settings.port }) });
      } catch (error) {
        const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
        if (code === 'EADDRINUSE') throw new Error(`port ${settings.port} is already in use: pick another with --port, or --port 0 for any free port`);
        throw error;
      }
      const url = color && live ? `\u001B[1m${dashboard.url}\u001B[22m` : dashboard.url;
      const lines = [
        `WattLens dashboard: ${url}   <- open it in your browser`,
        header(settings),
        'The dashboard and this view stay up after the session, until Ctrl-C.',
        '',
      ];
      io.stdout(`${lines.join('\n')}\n`);
      view = await startTerminalView({
        meter,
        write: io.stdout,
        mode: live ? 'live' : 'plain',
        color,
        // The lines above stay on screen: the view gets the rest.
        size: () => ({ columns: io.terminal?.columns ?? 80, rows: Math.max(1, (io.terminal?.rows ?? 24) - lines.length) }),
      });
    } else {
      meter.on('budget-warning', (event) => io.stdout(alertLine('warning', event)));
      meter.on('budget-exceeded', (event) => io.stdout(alertLine('exceeded', event)));
    }

    const demoClients = await loading;
    const clients = demoClients.createDemoClients(sim, { meter, catalog: demoCatalog() });
    if (dashboard === undefined) io.stdout(`${header(settings)}\n`);
    outcome = await runSession(demoClients, clients, demoRequests(settings.requests, script), settings, io, stop.signal);

    if (dashboard !== undefined && !stop.signal.aborted) {
      // The live view stays as it is (a line written under it would break its redrawing).
      // The last request's line first (the view writes at most every 100 ms).
      view?.refresh();
      if (!live) io.stdout(`Session finished: ${outcome.sent} requests sent. The dashboard stays up at ${dashboard.url} until Ctrl-C.\n`);
      await io.interrupted;
    }
  } finally {
    await view?.stop();
    await dashboard?.close();
    await sim?.close();
    await ledger?.close();
  }

  const interrupted = stop.signal.aborted && outcome.sent < settings.requests;
  if (interrupted) io.stdout(`Stopped after ${outcome.sent} of ${settings.requests} requests.\n`);
  else if (dashboard !== undefined) io.stdout('Dashboard stopped.\n');
  if (settings.ledger !== undefined) {
    io.stdout(`Ledger: ${settings.ledger.name} (try \`wattlens report ${settings.ledger.name}\` or \`wattlens dashboard --ledger ${settings.ledger.name}\`).\n`);
  }
  io.stdout(`${demoSummaryLine(meter.snapshot().totals)}\n`);
  if (outcome.failed > 0 || ledgerFailures > 0) return 1;
  if (interrupted && !settings.dashboard) return INTERRUPTED_EXIT_CODE;
  return 0;
}
