// Estimates per second on the default path (methodology 'wattlens') and the EcoLogits path, against
// the built @wattlens/core (run `npm test` or `pnpm -r build` first).
// Run: node bench/estimate.mjs [--json]
import { estimate } from '@wattlens/core';
import os from 'node:os';

const requests = [
  { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300, latencyMs: 2000 },
  { provider: 'openai', model: 'gpt-4o', inputTokens: 1200, outputTokens: 600, latencyMs: 9000 },
  { provider: 'mistral', model: 'mistral-small-latest', inputTokens: 300, outputTokens: 200, latencyMs: 1500 },
  { provider: 'huggingface', model: 'meta-llama/Llama-3.1-8B-Instruct', inputTokens: 800, outputTokens: 100, latencyMs: 1200 },
];

function measure(methodology) {
  const options = { methodology };
  // Warm up so the JIT has compiled the hot path.
  for (let i = 0; i < 50_000; i += 1) estimate(requests[i % requests.length], options);
  const runs = [];
  for (let run = 0; run < 5; run += 1) {
    const count = 200_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i += 1) estimate(requests[i % requests.length], options);
    const nanoseconds = Number(process.hrtime.bigint() - start);
    runs.push(nanoseconds / count);
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)];
  return { methodology, microsecondsPerEstimate: median / 1000, estimatesPerSecond: Math.round(1e9 / median) };
}

const results = {
  benchmark: 'estimate',
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  results: [measure('wattlens'), measure('ecologits')],
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(`estimate() on Node ${results.node}, ${results.cpu} (${results.cores} cores)`);
  for (const r of results.results) {
    console.log(`  ${r.methodology.padEnd(10)} ${r.microsecondsPerEstimate.toFixed(2)} µs per estimate, ${r.estimatesPerSecond.toLocaleString('en-US')} estimates/s`);
  }
}
