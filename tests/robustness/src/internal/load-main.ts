// The load run from the command line, at any size, printing what it observed as JSON:
//   pnpm --filter @wattlens/robustness-tests load [REQUESTS] [CONCURRENCY]
// (defaults: 10,000 requests, 500 concurrent). bench/run.mjs runs it and reports its peak memory.
import os from 'node:os';
import { runLoad } from './run-load';

const requests = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 500);
if (!Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(concurrency) || concurrency < 1) {
  process.stderr.write('Usage: load [REQUESTS] [CONCURRENCY], both positive integers.\n');
  process.exitCode = 2;
} else {
  const outcome = await runLoad({ requests, concurrency });
  const { result } = outcome;
  process.stdout.write(`${JSON.stringify({
    benchmark: 'load',
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    requests,
    concurrency,
    failures: result.failures,
    recordedOnce: result.reportsSeen === requests && result.hookCalls === requests && result.totals.requests === requests && outcome.ledgerLines === requests,
    simRequests: outcome.simStats.requests,
    simByStatus: outcome.simStats.byStatus,
    ledgerLines: outcome.ledgerLines,
    exitedOnItsOwn: outcome.exitedOnItsOwn,
    activeResources: result.activeResources,
    warnings: result.warnings,
    wallSeconds: result.wallMs / 1000,
    requestsPerSecond: requests / (result.wallMs / 1000),
    clientCpuMsPerRequest: result.cpuMs / requests,
    staleConnectionRetries: result.staleConnectionRetries,
    eventLoopDelayMaxMs: result.eventLoopDelayMaxMs,
    peakRssMiB: result.peakRssBytes / 2 ** 20,
    peakHeapUsedMiB: result.peakHeapUsedBytes / 2 ** 20,
  }, null, 2)}\n`);
}
