// Faults in the user's own code: a meter listener that throws, an onImpact hook that throws or
// rejects, a listener-error listener that throws. The caller sees what the raw SDK shows, every
// request is still counted and written to the ledger, and every error is reported once.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '@wattlens/core/ledger';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADAPTER_CALLS, readStream, withHuggingFaceBase } from './internal/adapter-calls';
import { adapterClients, observe } from './internal/adapter-clients';

let sim: ProviderSim;
let directory: string;

beforeEach(async () => {
  sim = await startProviderSim({ seed: 9 });
  directory = await mkdtemp(join(tmpdir(), 'wattlens-listeners-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await sim.close();
  await rm(directory, { recursive: true, force: true });
});

describe('listeners and hooks that fail', () => {
  it('never reach the caller; every request is still counted and written, every error reported', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let hookCalls = 0;
    const clients = withHuggingFaceBase(
      adapterClients(sim, {
        // Every other request the hook throws; the others it rejects, asynchronously.
        onImpact: () => {
          hookCalls += 1;
          if (hookCalls % 2 === 1) throw new Error('hook failed');
          return Promise.reject(new Error('hook rejected'));
        },
      }),
      sim.urls.huggingface,
    );
    const { meter } = clients;
    // A listener that throws, registered before the ledger's: the ledger still gets every record.
    meter.on('impact-recorded', () => {
      throw new RangeError('listener failed');
    });
    const ledgerPath = join(directory, 'impact.jsonl');
    const ledger = new Ledger(ledgerPath);
    ledger.attach(meter);
    // A listener of listener-error that throws too: reported without looping.
    meter.on('listener-error', () => {
      throw new TypeError('message of the listener-error listener');
    });

    let requests = 0;
    for (const calls of ADAPTER_CALLS) {
      const raw = await observe(() => calls.complete(clients, 'raw'));
      const wrapped = await observe(() => calls.complete(clients, 'wrapped'));
      expect(wrapped).toEqual(raw);
      expect(wrapped.outcome).toBe('resolved');
      const rawStream = await readStream(calls, () => calls.stream(clients, 'raw'));
      const wrappedStream = await readStream(calls, () => calls.stream(clients, 'wrapped'));
      expect(wrappedStream).toEqual(rawStream);
      expect(wrappedStream.end).toEqual({ outcome: 'completed' });
      requests += 2;
    }
    // Rejections of async hooks are reported once they settle.
    await vi.waitFor(() => expect(clients.listenerErrors.filter((event) => event.source === 'on-impact')).toHaveLength(requests));
    await ledger.close();

    expect(clients.recorded).toHaveLength(requests);
    expect(meter.snapshot().totals.requests).toBe(requests);
    const lines = (await readFile(ledgerPath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(requests);
    // Each failure reported once, by source: the throwing listener per request, the hook per request.
    expect(clients.listenerErrors.filter((event) => event.source === 'impact-recorded')).toHaveLength(requests);
    expect(clients.listenerErrors.map((event) => (event.error as Error).message).sort()).toEqual(
      [...Array<string>(requests).fill('listener failed'), ...Array<string>(requests / 2).fill('hook failed'), ...Array<string>(requests / 2).fill('hook rejected')].sort(),
    );
    // The listener-error listener's own failures are not re-emitted (no loop): they give one
    // console warning (not one per failure: that would flood the log) that names the error's
    // class, never its message.
    expect(clients.listenerErrors.length).toBeGreaterThan(1);
    expect(warnings.mock.calls).toHaveLength(1);
    for (const [message] of warnings.mock.calls) {
      expect(String(message)).toMatch(/^\[wattlens\] A listener-error listener failed \(TypeError\)[^\n]*$/);
      expect(String(message)).not.toContain('message of the listener-error listener');
    }
  });
});
