// How the CPU a wrapped OpenAI call adds changes as the process warms up: from a cold start, a raw
// client and a wrapped one (a meter, no hook) make paired chat calls over HTTP against the
// simulator (latency 'none', in a child process), in rounds of 1,000 pairs with no warm-up; each
// round prints the raw call's CPU (median) and the added CPU (trimmed mean of the pairs'
// differences, bench/overhead-harness.mjs). It shows why the overhead benchmarks warm up for
// STEADY_WARMUP pairs: the JIT (the SDK's and undici's code as much as WattLens') settles only
// after thousands of calls, and the added CPU follows the raw call's own, which varies with the
// machine's load.
// Needs the built packages (`pnpm -r --filter './packages/**' build`).
// Run: node bench/warmup-trend.mjs [--rounds 30] [--canned] [--json]
import { Meter } from '@wattlens/core';
import { withImpact } from '@wattlens/openai';
import os from 'node:os';
import OpenAI from 'openai';
import { cannedOpenAIOptions, compare, startSimProcess } from './overhead-harness.mjs';

const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const rounds = Number(argument('--rounds') ?? 30);
const canned = process.argv.includes('--canned');
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'How much water does a data center use per kilowatt-hour?' }] };

const sim = canned ? undefined : await startSimProcess({ latency: 'none' });
try {
  const options = canned ? cannedOpenAIOptions() : { baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 };
  const raw = new OpenAI(options);
  const wrapped = withImpact(new OpenAI(options), { meter: new Meter() });
  const trend = [];
  for (let round = 0; round < rounds; round += 1) {
    const result = await compare(`round ${round + 1}`, {
      raw: () => raw.chat.completions.create(chat),
      wrapped: () => wrapped.chat.completions.create(chat),
      count: 100,
      rounds: 10,
      warmup: 0,
    });
    trend.push({ pairsBefore: round * 1000, rawCpuUs: result.rawCpuUs, addedCpuUs: result.addedCpuUs });
    if (!process.argv.includes('--json')) {
      console.log(`pairs ${String(round * 1000).padStart(6)}–${String((round + 1) * 1000).padStart(6)}: raw ${result.rawCpuUs.toFixed(0).padStart(5)} µs, added ${result.addedCpuUs >= 0 ? '+' : ''}${result.addedCpuUs.toFixed(1)} µs`);
    }
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ benchmark: 'warmup-trend', setting: canned ? 'canned' : 'http', node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, trend }, null, 2));
  }
} finally {
  await sim?.close();
}
