// Test support: a real Prometheus server (Debian's `prometheus` package) started on loopback with a
// temporary configuration and storage, queried through its HTTP API, and stopped with its files.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs the server (`apt-get install prometheus`); scripts/system-deps.mjs installs it. */
export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS_BINARY);
}

/** One sample of an instant vector: its labels and value. */
export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusServer {
  readonly url: string;
  /** Runs an instant PromQL query; throws with Prometheus' error when the query is invalid. */
  query(promql: string): Promise<PromSample[]>;
  /** Resolves once every target is up and has been scraped. */
  waitForTargets(count: number, timeoutMillis: number): Promise<void>;
  /** Polls a query until `accept` holds for its result; returns that result. */
  waitFor(promql: string, accept: (samples: PromSample[]) => boolean, timeoutMillis: number): Promise<PromSample[]>;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its configuration and storage. */
  stop(): Promise<void>;
  /** The end of what the server wrote on stderr, for failure messages. */
  log(): string;
}

/** A port free on 127.0.0.1 at the time of the call. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts Prometheus scraping `targets` (host:port) every second, on a free loopback port.
 *
 * @param targets - The `/metrics` endpoints, as `127.0.0.1:PORT`.
 */
export async function startPrometheus(targets: readonly string[]): Promise<PrometheusServer> {
  const directory = await mkdtemp(join(tmpdir(), 'wattlens-prometheus-'));
  const configFile = join(directory, 'prometheus.yml');
  await writeFile(configFile, [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: wattlens-fleet',
    '    static_configs:',
    `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
    '',
  ].join('\n'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(PROMETHEUS_BINARY, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(directory, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=1h',
    '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-8_000);
  });

  const stop = async (): Promise<void> => {
    if (spawnError === undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(directory, { recursive: true, force: true });
  };

  const query = async (promql: string): Promise<PromSample[]> => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = await response.json() as { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success' || body.data === undefined) throw new Error(`PromQL ${promql} failed: ${body.error ?? response.status}`);
    if (body.data.resultType !== 'vector') throw new Error(`PromQL ${promql} gave a ${body.data.resultType}, not a vector`);
    return body.data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
  };

  const waitFor = async (promql: string, accept: (samples: PromSample[]) => boolean, timeoutMillis: number): Promise<PromSample[]> => {
    const deadline = Date.now() + timeoutMillis;
    let last: PromSample[] = [];
    while (Date.now() < deadline) {
      last = await query(promql);
      if (accept(last)) return last;
      await sleep(250);
    }
    throw new Error(`Timed out waiting on ${promql}; last result: ${JSON.stringify(last)}`);
  };

  const waitForTargets = async (count: number, timeoutMillis: number): Promise<void> => {
    const deadline = Date.now() + timeoutMillis;
    let last = '';
    while (Date.now() < deadline) {
      const response = await fetch(`${url}/api/v1/targets?state=active`);
      const body = await response.json() as { data: { activeTargets: { health: string; lastScrape: string; lastError: string }[] } };
      const targetsNow = body.data.activeTargets;
      last = JSON.stringify(targetsNow.map(({ health, lastError }) => ({ health, lastError })));
      if (targetsNow.length === count && targetsNow.every((target) => target.health === 'up')) return;
      await sleep(250);
    }
    throw new Error(`Prometheus targets not up: ${last}\n${stderr}`);
  };

  // Ready when the HTTP API answers.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnError !== undefined || child.exitCode !== null) {
      await rm(directory, { recursive: true, force: true });
      throw new Error(`Prometheus (${PROMETHEUS_BINARY}) did not start: ${spawnError?.message ?? `exit code ${child.exitCode}`}\n${stderr}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus did not become ready:\n${stderr}`);
    }
    await sleep(200);
  }
  return { url, query, waitFor, waitForTargets, stop, log: () => stderr };
}
