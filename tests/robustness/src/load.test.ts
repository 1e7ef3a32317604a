// Load: N wrapped requests at C concurrent across the three adapters (stream and non-stream)
// against one simulator. Every request's impact is recorded exactly once, memory stays bounded,
// and the process exits on its own. CI-sized by default; WATTLENS_LOAD_REQUESTS and
// WATTLENS_LOAD_CONCURRENCY scale it up (tests/robustness/README.md).
import { describe, expect, it } from 'vitest';
import { SUMMED_METRICS } from './internal/load-types';
import { runLoad } from './internal/run-load';

function sizeFromEnvironment(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${text}".`);
  return value;
}

/** CI size: the 10,000 requests at 500 concurrent take under a minute on two shared cores. */
const requests = sizeFromEnvironment('WATTLENS_LOAD_REQUESTS', 10_000);
const concurrency = sizeFromEnvironment('WATTLENS_LOAD_CONCURRENCY', 500);
/** A bound on the whole run, against a hang: 20 ms a request, three minutes at least (about 5 ms a request is usual). */
const timeoutMs = Math.max(180_000, requests * 20);
/** The child's V8 heap limit: the run must fit in it, whatever its size (the meter keeps sums, not requests). */
const heapLimitMb = 256;

function expectClose(actual: number, expected: number, what: string): void {
  const tolerance = Math.max(Math.abs(expected) * 1e-9, Number.MIN_VALUE);
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe(`${requests} wrapped requests, ${concurrency} concurrent, across OpenAI, Mistral and Hugging Face`, () => {
  it('records every request exactly once, within a bounded heap, and exits on its own', async () => {
    const outcome = await runLoad({ requests, concurrency, heapLimitMb, timeoutMs });
    const { result } = outcome;
    console.info(
      `load: ${requests} requests at ${concurrency} concurrent in ${(result.wallMs / 1000).toFixed(1)} s `
      + `(${result.cpuMs.toFixed(0)} ms CPU in the client process); peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB, `
      + `peak heap ${(result.peakHeapUsedBytes / 2 ** 20).toFixed(0)} MiB (limit ${heapLimitMb} MiB); longest event-loop delay `
      + `${result.eventLoopDelayMaxMs.toFixed(0)} ms; ${result.staleConnectionRetries} requests resent on a connection the simulator had closed unread`,
    );

    // Every request succeeded, through every adapter and both kinds of call.
    expect(result.failures).toEqual([]);
    for (const kind of ['openai', 'openai-stream', 'mistral', 'mistral-stream', 'huggingface', 'huggingface-stream']) {
      expect(result.byAdapter[kind], kind).toBeGreaterThanOrEqual(Math.floor(requests / 6));
    }

    // Exactly once: one report per request, the hook called once per request with that very
    // report, the meter counting each once, one ledger line each, one simulator request each.
    expect(result.reportsSeen).toBe(requests);
    expect(result.missingReports).toBe(0);
    expect(result.reportsNotFromHook).toBe(0);
    expect(result.hookCalls).toBe(requests);
    expect(result.totals.requests).toBe(requests);
    expect(result.totals.failed).toBe(0);
    expect(result.totals.aborted).toBe(0);
    expect(outcome.simStats.requests).toBe(requests);
    expect(outcome.simStats.byStatus).toEqual({ '200': requests });
    expect(outcome.simStats.inFlight).toBe(0);
    expect(outcome.ledgerLines).toBe(requests);
    expect(outcome.ledgerRecords).toBe(requests);
    expect(outcome.ledgerWarnings).toEqual([]);
    expect(result.ledgerErrors).toEqual([]);

    // The meter's totals and the ledger's sums are the sums of the reports the callers got.
    for (const metric of SUMMED_METRICS) {
      for (const bound of ['value', 'min', 'max'] as const) {
        expectClose(result.totals[metric][bound], result.sums[metric][bound], `meter ${metric}.${bound}`);
        expectClose(outcome.ledgerSums[metric][bound], result.sums[metric][bound], `ledger ${metric}.${bound}`);
      }
      expect(result.sums[metric].min).toBeLessThanOrEqual(result.sums[metric].value);
      expect(result.sums[metric].value).toBeLessThanOrEqual(result.sums[metric].max);
    }
    expect(result.sums.energy.value).toBeGreaterThan(0);

    // Bounded memory: the child ran under a 256 MiB heap limit (it would have crashed past it)
    // and its resident memory stayed under twice that, SDKs and HTTP buffers included.
    expect(result.peakHeapUsedBytes).toBeLessThan(heapLimitMb * 2 ** 20);
    expect(result.peakRssBytes).toBeLessThan(2 * heapLimitMb * 2 ** 20);

    // No leaks: no warning (MaxListenersExceededWarning…), no listener left on the process or the
    // meter, nothing keeping the event loop alive, and the process exited by itself with code 0.
    expect(result.warnings).toEqual([]);
    expect(result.listenersAfter).toEqual(result.listenersBefore);
    expect(result.meterListenersWhileAttached).toBe(1);
    expect(result.meterListenersAfterClose).toBe(0);
    expect(result.activeResources).toEqual([]);
    expect(outcome.exitCode, outcome.stderr.slice(-2000)).toBe(0);
    expect(outcome.exitedOnItsOwn).toBe(true);
  }, timeoutMs + 30_000);
});
