// Faults under the ledger: a disk with no space at all (/dev/full), a disk that fills up and is
// freed again (a tiny tmpfs, when this process may mount one), a ledger whose last line was torn
// by a crash. Requests are never affected, the meter loses nothing, every dropped record is
// reported, and readers (loadLedger, `wattlens report`, the dashboard) keep every whole record.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimate, Meter, toImpactRecord, type LedgerWriteError } from '@wattlens/core';
import { Ledger, loadLedger, readLedger } from '@wattlens/core/ledger';
import { startDashboard } from '@wattlens/dashboard';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { main } from 'wattlens';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADAPTER_CALLS, readStream, withHuggingFaceBase } from './internal/adapter-calls';
import { adapterClients, observe, type AdapterClients } from './internal/adapter-clients';
import { captureIO } from './internal/capture-io';

let sim: ProviderSim;
let directory: string;

beforeEach(async () => {
  sim = await startProviderSim({ seed: 13 });
  directory = await mkdtemp(join(tmpdir(), 'wattlens-ledger-faults-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await sim.close();
  await rm(directory, { recursive: true, force: true });
});

/** One non-stream and one stream request per adapter, raw then wrapped: the caller sees the same. */
async function requestsThroughEveryAdapter(clients: AdapterClients): Promise<number> {
  let count = 0;
  for (const calls of ADAPTER_CALLS) {
    expect(await observe(() => calls.complete(clients, 'wrapped'))).toEqual(await observe(() => calls.complete(clients, 'raw')));
    const raw = await readStream(calls, () => calls.stream(clients, 'raw'));
    expect(await readStream(calls, () => calls.stream(clients, 'wrapped'))).toEqual(raw);
    count += 2;
  }
  return count;
}

/** Mounts a tmpfs of `size` bytes, when this process may (root with CAP_SYS_ADMIN); returns why not otherwise. */
function mountTmpfs(path: string, size: number): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here (${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message}); needs root with CAP_SYS_ADMIN`;
  }
}

const mounted: string[] = [];
afterAll(() => {
  for (const path of mounted) execFileSync('umount', [path], { stdio: 'pipe' });
});

describe('a ledger on a full disk', () => {
  it.skipIf(!existsSync('/dev/full'))('(/dev/full: every write fails with ENOSPC) never affects a request; every dropped record is reported', async () => {
    const errors: LedgerWriteError[] = [];
    const clients = withHuggingFaceBase(adapterClients(sim), sim.urls.huggingface);
    const ledger = new Ledger('/dev/full', { onError: (error) => errors.push(error) });
    ledger.attach(clients.meter);
    const requests = await requestsThroughEveryAdapter(clients);
    await ledger.close();
    expect(clients.meter.snapshot().totals.requests).toBe(requests);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.reason === 'ENOSPC')).toBe(true);
    expect(errors.reduce((sum, error) => sum + error.records, 0)).toBe(requests);
    expect(errors[0]?.message).toMatch(/Check that the directory exists, is writable and has free space/);
  });

  it.skipIf(!existsSync('/dev/full'))('(/dev/full) without onError: one console warning per kind of failure, however many writes fail', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const clients = withHuggingFaceBase(adapterClients(sim), sim.urls.huggingface);
    const ledger = new Ledger('/dev/full');
    ledger.attach(clients.meter);
    const requests = await requestsThroughEveryAdapter(clients);
    await ledger.close();
    expect(clients.meter.snapshot().totals.requests).toBe(requests);
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(String(warnings.mock.calls[0]?.[0])).toMatch(/^\[wattlens\] Could not append \d+ record\(s\) to the WattLens ledger \/dev\/full \(ENOSPC\)/);
  });

  it('(a tiny tmpfs that fills up, then is freed) keeps every whole record readable and writes again once there is room', async (context) => {
    const disk = join(directory, 'disk');
    await mkdir(disk);
    const reason = mountTmpfs(disk, 64 * 1024);
    if (reason !== undefined) {
      context.skip(reason);
      return;
    }
    mounted.push(disk);
    try {
      // Leave about 8 KiB free: room for a few records, not for all of them.
      await writeFile(join(disk, 'filler'), new Uint8Array(56 * 1024));
      const errors: LedgerWriteError[] = [];
      const clients = withHuggingFaceBase(adapterClients(sim), sim.urls.huggingface);
      const ledgerPath = join(disk, 'impact.jsonl');
      const ledger = new Ledger(ledgerPath, { onError: (error) => errors.push(error) });
      ledger.attach(clients.meter);
      let requests = 0;
      for (let round = 0; round < 4; round += 1) {
        requests += await requestsThroughEveryAdapter(clients);
        await ledger.flush();
      }
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((error) => error.reason === 'ENOSPC')).toBe(true);
      const dropped = errors.reduce((sum, error) => sum + error.records, 0);

      // Room again: the next records are written, after the line a short write may have torn.
      await rm(join(disk, 'filler'));
      const before = requests;
      requests += await requestsThroughEveryAdapter(clients);
      await ledger.close();
      expect(clients.meter.snapshot().totals.requests).toBe(requests);

      const { records, warnings } = await readLedger(ledgerPath);
      // Records of a write that failed part-way may be on disk though reported dropped: never fewer.
      expect(records.length + dropped).toBeGreaterThanOrEqual(requests);
      expect(records.length).toBeLessThan(requests);
      expect(warnings.every((warning) => warning.code === 'ledger-line-invalid')).toBe(true);
      expect(warnings.length).toBeLessThanOrEqual(errors.length);
      // Everything recorded once there was room is there, whole.
      const lastIds = clients.recorded.slice(before).map((entry) => entry.context.requestId).filter((id) => id !== undefined);
      expect(lastIds.length).toBeGreaterThan(0);
      const written = new Set(records.map((record) => record.requestId));
      for (const id of lastIds) expect(written.has(id)).toBe(true);
      expect(records.slice(-(requests - before)).map((record) => record.operation)).toEqual(clients.recorded.slice(before).map((entry) => entry.context.operation));
    } finally {
      execFileSync('umount', [disk], { stdio: 'pipe' });
      mounted.splice(mounted.indexOf(disk), 1);
    }
  });
});

describe('a ledger whose last line was torn by a crash', () => {
  it('is appended to on a line of its own; loadLedger, `wattlens report` and the dashboard keep every whole record', async () => {
    const ledgerPath = join(directory, 'impact.jsonl');
    const earlier = [0, 1, 2].map((index) =>
      toImpactRecord(estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100 + index, outputTokens: 50 }), { operation: 'chat' }, Date.now() - 60_000));
    const torn = JSON.stringify(earlier[0]).slice(0, 57);
    await writeFile(ledgerPath, `${earlier.map((record) => JSON.stringify(record)).join('\n')}\n${torn}`);

    // As written by the crashed process: three records and a torn last line.
    const before = await readLedger(ledgerPath);
    expect(before.records).toHaveLength(3);
    expect(before.warnings).toEqual([expect.objectContaining({ code: 'ledger-line-torn', line: 4 })]);

    const clients = withHuggingFaceBase(adapterClients(sim), sim.urls.huggingface);
    const ledger = new Ledger(ledgerPath);
    ledger.attach(clients.meter);
    const requests = await requestsThroughEveryAdapter(clients);
    await ledger.close();

    const after = await readLedger(ledgerPath);
    expect(after.records).toHaveLength(3 + requests);
    expect(after.warnings).toEqual([expect.objectContaining({ code: 'ledger-line-invalid', line: 4 })]);
    expect(after.records.slice(3).map((record) => record.requestId)).toEqual(clients.recorded.map((entry) => entry.context.requestId));

    const replayed = new Meter();
    expect((await loadLedger(ledgerPath, replayed)).records).toBe(3 + requests);
    expect(replayed.snapshot().totals.requests).toBe(3 + requests);
    const energy = after.records.reduce((sum, record) => sum + record.energy.value, 0);
    expect(replayed.snapshot().totals.energy.value).toBeCloseTo(energy, 15);

    const io = captureIO(directory);
    expect(await main(['report', 'impact.jsonl', '--json'], io)).toBe(0);
    expect((JSON.parse(io.out()) as { requests: number }).requests).toBe(3 + requests);
    expect(io.err()).toMatch(/line 4/i);

    const dashboard = await startDashboard({ ledger: ledgerPath });
    try {
      expect(dashboard.snapshot().totals.requests).toBe(3 + requests);
      expect(dashboard.snapshot().skippedLines).toBe(1);
    } finally {
      await dashboard.close();
    }

    // A crash again, mid-line, and a new writer: still one record per line.
    await appendFile(ledgerPath, '{"v":1,"time":"2026-');
    const again = new Ledger(ledgerPath);
    again.append(toImpactRecord(estimate({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 10, outputTokens: 10 }), { operation: 'chat' }));
    await again.close();
    const last = await readLedger(ledgerPath);
    expect(last.records).toHaveLength(4 + requests);
    expect(last.warnings.map((warning) => warning.code)).toEqual(['ledger-line-invalid', 'ledger-line-invalid']);
    expect((await readFile(ledgerPath, 'utf8')).endsWith('\n')).toBe(true);
  });
});
