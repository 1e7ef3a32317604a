// Memory a Meter holds after a million requests, and how fast it records them: reports are
// recorded with realistic tags (50 users, 5 features, 12 provider/model pairs), then with the
// worst case (every request a new user and a new session: every breakdown cap reached). The heap
// is measured after a full garbage collection, before the meter exists and after 100,000 and
// 1,000,000 records: the meter keeps sums, never requests, so the two match. Needs the built
// @wattlens/core and --expose-gc.
// Run: node --expose-gc bench/meter-memory.mjs [--json] [--requests N]
import { estimate, Meter } from '@wattlens/core';
import os from 'node:os';

if (typeof globalThis.gc !== 'function') {
  console.error('Run with --expose-gc: node --expose-gc bench/meter-memory.mjs');
  process.exit(2);
}
const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const total = Number(argument('--requests') ?? 1_000_000);
const checkpoint = Math.min(100_000, total);

/** 48 distinct reports, computed once: recording, not estimating, is what is measured. */
const MODELS = [
  ['openai', 'gpt-4o-mini'], ['openai', 'gpt-4o'], ['openai', 'gpt-4.1-nano'], ['openai', 'o3-mini'],
  ['mistral', 'mistral-small-latest'], ['mistral', 'mistral-large-latest'], ['mistral', 'ministral-8b-latest'], ['mistral', 'codestral-latest'],
  ['huggingface', 'meta-llama/Llama-3.1-8B-Instruct'], ['huggingface', 'Qwen/Qwen2.5-7B-Instruct'], ['groq', 'llama-3.1-8b-instant'], ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'],
];
const reports = MODELS.flatMap(([provider, model], index) =>
  [0, 1, 2, 3].map((variant) => estimate({ provider, model, inputTokens: 200 + 97 * index + variant * 31, outputTokens: 50 + 13 * variant, latencyMs: 1_000 + 100 * variant })));

function heapUsed() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

function run(name, tagsOf) {
  const before = heapUsed();
  const meter = new Meter();
  const start = process.hrtime.bigint();
  let atCheckpoint = 0;
  for (let index = 0; index < total; index += 1) {
    meter.record(reports[index % reports.length], { tags: tagsOf(index), operation: 'chat', status: 'completed' });
    if (index + 1 === checkpoint) atCheckpoint = heapUsed() - before;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const retained = heapUsed() - before;
  const snapshot = meter.snapshot();
  if (snapshot.totals.requests !== total) throw new Error(`${name}: the meter counted ${snapshot.totals.requests} of ${total} requests.`);
  return {
    name,
    requests: total,
    retainedBytes: retained,
    retainedBytesAt100k: atCheckpoint,
    bytesPerMillionRequests: (retained / total) * 1e6,
    footprint: meter.memoryFootprint(),
    overflow: snapshot.overflow,
    recordsPerSecond: Math.round(total / seconds),
    microsecondsPerRecord: (seconds / total) * 1e6,
    // Keeps the meter alive until measured.
    kept: meter.snapshot().totals.requests,
  };
}

const results = [
  run('realistic tags (50 users, 5 features)', (index) => ({ user: `user-${index % 50}`, feature: `feature-${index % 5}` })),
  run('worst case (a new user and session every request)', (index) => ({ user: `user-${index}`, session: `session-${index}` })),
];

const summary = {
  benchmark: 'meter memory',
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  results,
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`Meter memory on Node ${summary.node}, ${summary.cpu} (${summary.cores} cores), ${total.toLocaleString('en-US')} requests`);
  for (const result of results) {
    console.log(
      `  ${result.name.padEnd(52)} ${(result.retainedBytes / 2 ** 20).toFixed(2)} MiB held after ${total.toLocaleString('en-US')} (${(result.retainedBytesAt100k / 2 ** 20).toFixed(2)} MiB after ${checkpoint.toLocaleString('en-US')}); `
        + `${result.recordsPerSecond.toLocaleString('en-US')} records/s (${result.microsecondsPerRecord.toFixed(2)} µs each)`,
    );
  }
}
