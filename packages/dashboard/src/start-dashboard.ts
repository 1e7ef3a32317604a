import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { defaultCatalog, InvalidRequestError, type Budget, type Catalog, type Meter } from '@wattlens/core';
import type { DashboardSnapshot, DashboardZone } from './dashboard-snapshot';
import { loadClientAssets } from './internal/client-assets';
import { DashboardModel, type ModelChange } from './internal/dashboard-model';
import { connectSources } from './internal/impact-sources';
import { renderPage } from './internal/page';
import { checkRequest, isLoopbackHost, type RequestGuardOptions } from './internal/request-guard';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** A live meter to show: its records as they are recorded, its budgets, and what it counted before. */
  readonly meter?: Meter;
  /** A ledger file (JSON Lines) to show: its records, then those appended to it. It may not exist yet. */
  readonly ledger?: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /**
   * Address to listen on. Only loopback addresses (`127.0.0.1`, `::1`, `localhost`) are accepted
   * unless {@link DashboardOptions.allowRemote} is set. @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Allow listening beyond loopback (e.g. `0.0.0.0`), which exposes your usage figures to your
   * network. @default false
   */
  readonly allowRemote?: boolean;
  /** More names the page may be reached by (the `Host` header), e.g. a machine name. @default [] */
  readonly allowedHosts?: readonly string[];
  /** Budgets to evaluate over the records shown (a ledger has none of its own). @default [] */
  readonly budgets?: readonly Budget[];
  /** Zone factors for the zone selector and the carbon recomputation. @default defaultCatalog */
  readonly catalog?: Catalog;
  /** How often the ledger file is checked for new lines, in milliseconds. @default 250 */
  readonly pollIntervalMs?: number;
  /** Least time between two snapshots sent to the page, in milliseconds. @default 250 */
  readonly updateIntervalMs?: number;
  /** How many of the latest requests the page lists. @default 50 */
  readonly feedSize?: number;
  /** Most pages connected at once; more are answered 503. @default 32 */
  readonly maxClients?: number;
}

/** A running dashboard. */
export interface Dashboard {
  /** The page's address, e.g. `http://127.0.0.1:43121/`. */
  readonly url: string;
  /** The address listened on. */
  readonly host: string;
  /** The port listened on. */
  readonly port: number;
  /**
   * What the page shows now.
   *
   * @returns The same object as `GET /api/snapshot`.
   */
  snapshot(): DashboardSnapshot;
  /**
   * Stops listening, ends every page's event stream and stops following the meter and the ledger.
   *
   * @returns A promise that resolves once everything is closed.
   */
  close(): Promise<void>;
}

/** Time series: 5-second buckets over the last 10 minutes. */
const SERIES = { bucketMs: 5_000, buckets: 120 } as const;
/** A snapshot is sent at least this often, so that the time series moves and the last minute empties. */
const REFRESH_MS = 5_000;
/** A page that reads its stream slower than it is written is dropped past this much buffered data. */
const MAX_BUFFERED_BYTES = 8 << 20;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
} as const;

function positiveInteger(field: string, value: number | undefined, fallback: number, minimum = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new InvalidRequestError({ field: `options.${field}`, value, expected: `an integer >= ${minimum}` });
  }
  return value;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Starts the live dashboard: one page, its assets, a JSON snapshot and a Server-Sent Events
 * stream, on 127.0.0.1 by default. The page shows running totals (energy, CO2e, water) with their
 * ranges, equivalents, the last ten minutes, a breakdown by provider and by model, budget gauges
 * and alerts, the latest requests (never prompt text), and recomputes carbon for another grid.
 *
 * Serves exactly `/`, `/assets/app.js`, `/assets/app.css`, `/assets/zones.json`, `/api/snapshot`
 * and `/api/events` (GET and HEAD); refuses a `Host` header that does not name this machine (DNS
 * rebinding) and requests from pages of other origins.
 *
 * @param options - Where the figures come from (a meter, a ledger file, or both) and where to listen.
 * @returns The running dashboard, once it listens and has read the ledger.
 * @throws {InvalidRequestError} for a non-loopback `host` without `allowRemote`, a ledger path that is a directory, or a malformed option.
 * @throws {WattLensError} `dashboard-assets-missing` when the package's page assets were not built.
 * @example
 * ```ts
 * const meter = new Meter();
 * const client = withImpact(new OpenAI(), { meter });
 * const dashboard = await startDashboard({ meter, port: 4747 });
 * console.log(`Dashboard: ${dashboard.url}`);
 * ```
 */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const allowRemote = options.allowRemote === true;
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new InvalidRequestError({
      field: 'options.host',
      value: host,
      expected: 'a loopback address (127.0.0.1, ::1 or localhost); to show your usage to your network, also pass allowRemote: true',
    });
  }
  const port = positiveInteger('port', options.port, 0, 0);
  if (port > 65_535) throw new InvalidRequestError({ field: 'options.port', value: port, expected: 'a port number from 0 to 65535' });
  const pollIntervalMs = positiveInteger('pollIntervalMs', options.pollIntervalMs, 250);
  const updateIntervalMs = positiveInteger('updateIntervalMs', options.updateIntervalMs, 250);
  const feedSize = positiveInteger('feedSize', options.feedSize, 50);
  const maxClients = positiveInteger('maxClients', options.maxClients, 32);
  const catalog = options.catalog ?? defaultCatalog;
  const { meter, ledger } = options;

  const assets = await loadClientAssets();
  const zones: DashboardZone[] = catalog.zones()
    .map((zone) => ({ code: zone.code, name: zone.name, gwp: zone.gwp }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const zonesJson = Buffer.from(JSON.stringify(zones));
  const page = Buffer.from(renderPage());

  const model = new DashboardModel({
    catalog,
    ...(options.budgets === undefined ? {} : { budgets: options.budgets }),
    ...(meter === undefined ? {} : { externalBudgets: () => meter.snapshot().budgets }),
    feedSize,
    bucketMs: SERIES.bucketMs,
    buckets: SERIES.buckets,
    sources: { meter: meter !== undefined, ...(ledger === undefined ? {} : { ledger: basename(ledger) }) },
  });
  const disconnect = await connectSources(model, { meter, ledger, pollIntervalMs });

  const clients = new Set<ServerResponse>();
  let lastSent = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const send = (response: ServerResponse, text: string): void => {
    if (response.writableLength > MAX_BUFFERED_BYTES) {
      clients.delete(response);
      response.destroy();
      return;
    }
    response.write(text);
  };
  const broadcast = (text: string): void => {
    for (const response of clients) send(response, text);
  };
  const sendSnapshot = (): void => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
    lastSent = Date.now();
    if (clients.size === 0) return;
    // Computed once for every page.
    broadcast(sseEvent('snapshot', model.snapshot()));
  };
  const scheduleSnapshot = (): void => {
    if (pending !== undefined) return;
    pending = setTimeout(sendSnapshot, Math.max(0, lastSent + updateIntervalMs - Date.now()));
  };
  const unsubscribe = model.subscribe((change: ModelChange) => {
    if (change.kind === 'record') broadcast(sseEvent('impact-recorded', change.record));
    else if (change.kind === 'alert') broadcast(sseEvent(change.alert.kind, change.alert));
    scheduleSnapshot();
  });
  const refresh = setInterval(sendSnapshot, REFRESH_MS);
  refresh.unref();

  let guard: RequestGuardOptions | undefined;

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const refusal = guard === undefined ? 'host' : checkRequest(request.headers, guard);
    if (refusal !== undefined) {
      const reason = refusal === 'host'
        ? 'Forbidden: this dashboard only answers requests addressed to this machine (127.0.0.1 or localhost).\n'
        : 'Forbidden: this dashboard does not answer requests made by other sites.\n';
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(reason);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Method not allowed.\n');
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    const reply = (type: string, body: Buffer | string, cache: string): void => {
      response.writeHead(200, { 'content-type': type, 'cache-control': cache, 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    switch (path) {
      case '/':
        reply('text/html; charset=utf-8', page, 'no-store');
        return;
      case '/assets/app.js':
        reply('text/javascript; charset=utf-8', assets.script, 'no-cache');
        return;
      case '/assets/app.css':
        reply('text/css; charset=utf-8', assets.styles, 'no-cache');
        return;
      case '/assets/zones.json':
        reply('application/json; charset=utf-8', zonesJson, 'no-cache');
        return;
      case '/api/snapshot':
        reply('application/json; charset=utf-8', JSON.stringify(model.snapshot()), 'no-store');
        return;
      case '/api/events':
        if (clients.size >= maxClients) {
          response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', ...SECURITY_HEADERS })
            .end(`Too many pages connected (${maxClients}); close one and reload.\n`);
          return;
        }
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          ...SECURITY_HEADERS,
        });
        if (request.method === 'HEAD') {
          response.end();
          return;
        }
        response.socket?.setNoDelay(true);
        clients.add(response);
        request.once('close', () => clients.delete(response));
        send(response, `retry: 2000\n\n${sseEvent('snapshot', model.snapshot())}`);
        return;
      default:
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found.\n');
    }
  };

  const server = createServer(handle);
  server.headersTimeout = 10_000;
  server.requestTimeout = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(refresh);
    unsubscribe();
    await disconnect();
    throw error;
  }
  const address = server.address() as AddressInfo;
  guard = { port: address.port, host, allowRemote, allowedHosts: options.allowedHosts ?? [] };
  // A wildcard address is reachable on loopback too: print the address that works on this machine.
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${urlHost(shownHost)}:${address.port}/`;

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port: address.port,
    snapshot: () => model.snapshot(),
    close() {
      closing ??= (async () => {
        clearInterval(refresh);
        if (pending !== undefined) clearTimeout(pending);
        unsubscribe();
        await disconnect();
        for (const response of clients) response.end();
        clients.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
