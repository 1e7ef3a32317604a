// Where the CPU that @wattlens/openai adds to a call goes, measured without network (the SDK is
// given canned responses through its `fetch` option, as in bench/openai-overhead.mjs):
//   1. the CPU per call of the raw client and of wrapped clients with less and less attached:
//      no meter and no hook, a meter, a meter and a hook, the same with methodology 'ecologits';
//      the configurations take turns in rounds, and each figure is the median of the rounds;
//   2. estimate() alone, timed right after an SDK call (in place, with the caches the SDK's work
//      left) and in a tight loop (what bench/estimate.mjs measures), for both methodologies.
// It tells the adapter's share from the estimate's and the meter's, and shows how much slower
// the same code runs between SDK calls than in a tight loop.
// Needs the built packages (`npm test` or `pnpm -r --filter './packages/**' build`).
// Run: node bench/cpu-breakdown.mjs [--json]
import { estimate, loadTokenizer, Meter } from '@wattlens/core';
import { withImpact } from '@wattlens/openai';
import os from 'node:os';
import OpenAI from 'openai';
import { cannedOpenAIOptions } from './overhead-harness.mjs';

await loadTokenizer();
const options = cannedOpenAIOptions();
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in five words.' }] };
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

// 1. Wrapped clients with less and less attached.
const configurations = [
  { name: 'raw SDK', client: new OpenAI(options) },
  { name: 'wrapped, no meter, no hook', client: withImpact(new OpenAI(options)) },
  { name: 'wrapped, meter', client: withImpact(new OpenAI(options), { meter: new Meter() }) },
  { name: 'wrapped, meter and hook', client: withImpact(new OpenAI(options), { meter: new Meter(), onImpact: () => {} }) },
  { name: "wrapped, meter and hook, methodology 'ecologits'", client: withImpact(new OpenAI(options), { meter: new Meter(), onImpact: () => {}, methodology: 'ecologits' }) },
];
const callsPerRound = 5000;
const rounds = 8;
const samples = configurations.map(() => []);
for (let round = 0; round < rounds; round += 1) {
  for (const [index, { client }] of configurations.entries()) {
    const start = process.cpuUsage();
    for (let call = 0; call < callsPerRound; call += 1) await client.chat.completions.create(chat);
    const used = process.cpuUsage(start);
    // The first two rounds warm the JIT up.
    if (round >= 2) samples[index].push((used.user + used.system) / callsPerRound);
  }
}
const rawCpu = median(samples[0]);
const calls = configurations.map(({ name }, index) => {
  const cpu = median(samples[index]);
  return { configuration: name, cpuMicrosecondsPerCall: cpu, addedMicroseconds: index === 0 ? 0 : cpu - rawCpu };
});

// 2. estimate() in place and in a tight loop.
const raw = configurations[0].client;
const request = { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 20, outputTokens: 64, latencyMs: 500, tokenSource: 'reported' };
const estimates = [];
for (const methodology of ['wattlens', 'ecologits']) {
  const count = 20_000;
  let inPlace = 0n;
  for (let call = 0; call < count; call += 1) {
    await raw.chat.completions.create(chat);
    const start = process.hrtime.bigint();
    estimate(request, { methodology });
    inPlace += process.hrtime.bigint() - start;
  }
  const start = process.hrtime.bigint();
  for (let call = 0; call < count; call += 1) estimate(request, { methodology });
  const tight = process.hrtime.bigint() - start;
  estimates.push({ methodology, inPlaceMicroseconds: Number(inPlace) / count / 1000, tightLoopMicroseconds: Number(tight) / count / 1000 });
}

const results = { benchmark: 'cpu-breakdown', node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, calls, estimates };
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(`CPU per OpenAI chat call without network, Node ${results.node}, ${results.cpu} (${results.cores} cores)`);
  for (const row of calls) console.log(`  ${row.configuration.padEnd(50)} ${row.cpuMicrosecondsPerCall.toFixed(1).padStart(7)} µs${row.addedMicroseconds === 0 ? '' : `  (+${row.addedMicroseconds.toFixed(1)} µs)`}`);
  console.log('estimate() alone:');
  for (const row of estimates) console.log(`  ${row.methodology.padEnd(10)} ${row.inPlaceMicroseconds.toFixed(2)} µs right after an SDK call, ${row.tightLoopMicroseconds.toFixed(2)} µs in a tight loop`);
}
