// Runs the load run: one simulator here (latency 'none'), the requests in a child Node process
// (load-run.ts), so that its peak memory can be measured and its exiting on its own observed.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImpactRecord } from '@wattlens/core';
import { readLedger, type LedgerReadWarning } from '@wattlens/core/ledger';
import { startProviderSim, type ProviderSimStats } from '@wattlens/provider-sim';
import type { LoadConfig, LoadResult, MetricSums } from './load-types';
import { addReport, emptySums } from './load-types';

/** Options of {@link runLoad}. */
export interface RunLoadOptions {
  /** Requests to send. */
  readonly requests: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** The child's V8 heap limit (`--max-old-space-size`), MiB: the run fails if it needs more. @default 256 */
  readonly heapLimitMb?: number;
  /** How long the whole run may take before the child is killed, ms. @default 600000 */
  readonly timeoutMs?: number;
  /** How long the child may take to exit on its own once it has reported, ms. @default 15000 */
  readonly exitGraceMs?: number;
}

/** Everything a load run observed, from the child, the simulator and the ledger file. */
export interface LoadRunOutcome {
  /** What the child reported. */
  readonly result: LoadResult;
  /** The child's exit code (`null` when it was killed). */
  readonly exitCode: number | null;
  /** Whether the child exited by itself within `exitGraceMs` of reporting. */
  readonly exitedOnItsOwn: boolean;
  /** The simulator's counts once the child has exited. */
  readonly simStats: ProviderSimStats;
  /** Lines of the ledger file. */
  readonly ledgerLines: number;
  /** Records read back from the ledger, and the reader's warnings. */
  readonly ledgerRecords: number;
  readonly ledgerWarnings: readonly LedgerReadWarning[];
  /** The sums of the ledger's records. */
  readonly ledgerSums: MetricSums;
  /** The child's standard error, for diagnosis. */
  readonly stderr: string;
}

const childScript = fileURLToPath(new URL('./load-run.ts', import.meta.url));
const packageDirectory = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs a load run and gathers what it observed.
 *
 * @param options - Size of the run and its limits.
 * @returns The child's report, its exit, the simulator's stats and the ledger's contents.
 * @throws when the child prints no result (its standard error is in the message).
 * @example
 * ```ts
 * const outcome = await runLoad({ requests: 10_000, concurrency: 500 });
 * ```
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadRunOutcome> {
  const { requests, concurrency, heapLimitMb = 256, timeoutMs = 600_000, exitGraceMs = 15_000 } = options;
  const directory = await mkdtemp(join(tmpdir(), 'wattlens-load-'));
  const sim = await startProviderSim({ latency: 'none', seed: 3 });
  try {
    const config: LoadConfig = { urls: sim.urls, requests, concurrency, ledgerPath: join(directory, 'impact.jsonl') };
    const child = spawn(
      process.execPath,
      ['--conditions=wattlens-source', '--import', 'tsx', `--max-old-space-size=${heapLimitMb}`, childScript, JSON.stringify(config)],
      { cwd: packageDirectory, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    let reportedAt: number | undefined;
    const exit = new Promise<{ code: number | null; exitedAt: number }>((resolve) => {
      child.once('exit', (code) => resolve({ code, exitedAt: Date.now() }));
    });
    const watchdog = setInterval(() => {
      if (reportedAt === undefined && stdout.includes('LOAD-RESULT ')) reportedAt = Date.now();
      if (reportedAt !== undefined && Date.now() - reportedAt > exitGraceMs) child.kill('SIGKILL');
    }, 100);
    const deadline = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const { code, exitedAt } = await exit;
    clearInterval(watchdog);
    clearTimeout(deadline);
    reportedAt ??= stdout.includes('LOAD-RESULT ') ? exitedAt : undefined;
    const line = stdout.split('\n').find((text) => text.startsWith('LOAD-RESULT '));
    if (line === undefined) throw new Error(`The load run printed no result (exit code ${code}). Its standard error:\n${stderr.slice(-4000)}`);
    const result = JSON.parse(line.slice('LOAD-RESULT '.length)) as LoadResult;

    const text = await readFile(config.ledgerPath, 'utf8');
    const ledgerLines = text.split('\n').filter((entry) => entry !== '').length;
    const { records, warnings } = await readLedger(config.ledgerPath);
    const ledgerSums = emptySums();
    for (const record of records as readonly ImpactRecord[]) addReport(ledgerSums, record);
    return {
      result,
      exitCode: code,
      exitedOnItsOwn: code === 0 && reportedAt !== undefined && exitedAt - reportedAt <= exitGraceMs,
      simStats: sim.stats(),
      ledgerLines,
      ledgerRecords: records.length,
      ledgerWarnings: warnings,
      ledgerSums,
      stderr,
    };
  } finally {
    await sim.close();
    await rm(directory, { recursive: true, force: true });
  }
}
