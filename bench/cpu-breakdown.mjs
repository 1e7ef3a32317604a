// Where the CPU that @wattlens/openai adds to a call goes, measured without network (the SDK is
// given canned responses through its `fetch` option, as in bench/openai-overhead.mjs), then over
// HTTP:
//   1. the CPU per call of the raw client and of wrapped clients with less and less attached:
//      no meter and no hook, a meter, a meter and a hook, the same with methodology 'ecologits';
//      and of a second raw client, which tells the noise (identical clients, measured the same way);
//      after 6,000 warm-up calls each (the JIT settles late), the configurations take turns in
//      short rounds of 500 calls, and each figure is the median of the rounds;
//   2. the same configurations over HTTP against the simulator (latency 'none', in a child
//      process), in steady state: after STEADY_WARMUP calls of each client, each configuration
//      is paired call by call with the raw client (bench/overhead-harness.mjs: at about a
//      millisecond of CPU per HTTP call, rounds of calls cannot resolve a few microseconds, paired
//      calls can), three times in turn; each figure is the median of the three;
//   3. estimate() alone, timed right after an SDK call (in place, with the caches the SDK's work
//      left), the same estimate again at once (its code and data back in the caches) and in a
//      tight loop (what bench/estimate.mjs measures), for both methodologies;
//   4. the memory each configuration allocates per call (V8's sampling heap profiler): exact
//      where CPU time is noisy, and what allocation costs shows in the CPU (fresh memory is
//      outside the caches).
// It tells the adapter's share from the estimate's and the meter's, and shows how much slower
// the same code runs between SDK calls than in a tight loop.
// Needs the built packages (`npm test` or `pnpm -r --filter './packages/**' build`).
// Run: node bench/cpu-breakdown.mjs [--json] [--canned-only]   (CALLS=500 ROUNDS=40: calls per round, rounds)
import { estimate, loadTokenizer, Meter } from '@wattlens/core';
import { withImpact } from '@wattlens/openai';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import OpenAI from 'openai';
import { cannedOpenAIOptions, compare, STEADY_WARMUP, startSimProcess } from './overhead-harness.mjs';

await loadTokenizer();
const options = cannedOpenAIOptions();
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in five words.' }] };
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

// 1. Wrapped clients with less and less attached.
const configurations = [
  { name: 'raw SDK', client: new OpenAI(options) },
  // Measured like the others: how far apart two identical clients come out (the noise floor).
  { name: 'raw SDK, a second client', client: new OpenAI(options) },
  { name: 'wrapped, no meter, no hook', client: withImpact(new OpenAI(options)) },
  { name: 'wrapped, meter', client: withImpact(new OpenAI(options), { meter: new Meter() }) },
  { name: 'wrapped, meter and hook', client: withImpact(new OpenAI(options), { meter: new Meter(), onImpact: () => {} }) },
  { name: "wrapped, meter and hook, methodology 'ecologits'", client: withImpact(new OpenAI(options), { meter: new Meter(), onImpact: () => {}, methodology: 'ecologits' }) },
];
for (let call = 0; call < 6000; call += 1) {
  for (const { client } of configurations) await client.chat.completions.create(chat);
}
const callsPerRound = Number(process.env.CALLS ?? 500);
const rounds = Number(process.env.ROUNDS ?? 40);
const samples = configurations.map(() => []);
for (let round = 0; round < rounds; round += 1) {
  // Each round in another order: no configuration always runs after the same one.
  const order = configurations.map((_, index) => (index + round) % configurations.length);
  if (round % 2 === 1) order.reverse();
  for (const index of order) {
    const { client } = configurations[index];
    const start = process.cpuUsage();
    for (let call = 0; call < callsPerRound; call += 1) await client.chat.completions.create(chat);
    const used = process.cpuUsage(start);
    samples[index].push((used.user + used.system) / callsPerRound);
  }
}
const rawCpu = median(samples[0]);
// The added CPU: the median over rounds of each round's difference with the raw client (the
// machine's pace drifts between rounds; within one round it is about the same for all).
const calls = configurations.map(({ name }, index) => ({
  configuration: name,
  cpuMicrosecondsPerCall: median(samples[index]),
  addedMicroseconds: index === 0 ? null : median(samples[index].map((cpu, round) => cpu - samples[0][round])),
}));

/** The first part's lines: CPU per call and what it adds, and the memory allocated once measured. */
function printCalls() {
  console.log(`CPU per OpenAI chat call without network, Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores)`);
  for (const row of calls) {
    const added = row.addedMicroseconds === null ? '' : `  (${row.addedMicroseconds >= 0 ? '+' : ''}${row.addedMicroseconds.toFixed(1)} µs)`;
    const memory = row.bytesPerCall === undefined ? '' : `  ${(row.bytesPerCall / 1024).toFixed(1)} KiB allocated, ${(row.wattlensBytesPerCall / 1024).toFixed(1)} KiB by WattLens`;
    console.log(`  ${row.configuration.padEnd(50)} ${row.cpuMicrosecondsPerCall.toFixed(1).padStart(7)} µs${added.padEnd(14)}${memory}`);
  }
}

// With --canned-only, the first part alone (a minute or two): what comparing two builds needs, in
// alternating runs within one hour (build one, run, build the other, run, and again).
if (process.argv.includes('--canned-only')) {
  if (process.argv.includes('--json')) console.log(JSON.stringify({ benchmark: 'cpu-breakdown', node: process.version, calls }, null, 2));
  else printCalls();
  process.exit(0);
}

// 2. The same configurations over HTTP, in steady state.
const overHttp = [];
{
  const sim = await startSimProcess({ latency: 'none' });
  try {
    const httpOptions = { baseURL: sim.urls.openai, apiKey: 'sim', maxRetries: 0 };
    const httpClients = [
      { name: 'raw SDK, a second client', client: new OpenAI(httpOptions) },
      { name: 'wrapped, no meter, no hook', client: withImpact(new OpenAI(httpOptions)) },
      { name: 'wrapped, meter', client: withImpact(new OpenAI(httpOptions), { meter: new Meter() }) },
      { name: 'wrapped, meter and hook', client: withImpact(new OpenAI(httpOptions), { meter: new Meter(), onImpact: () => {} }) },
    ];
    const rawHttp = new OpenAI(httpOptions);
    for (let call = 0; call < STEADY_WARMUP; call += 1) {
      await rawHttp.chat.completions.create(chat);
      for (const { client } of httpClients) await client.chat.completions.create(chat);
    }
    const added = httpClients.map(() => []);
    const rawCpu = [];
    for (let turn = 0; turn < 3; turn += 1) {
      for (const [index, { name, client }] of httpClients.entries()) {
        const pairs = await compare(name, { raw: () => rawHttp.chat.completions.create(chat), wrapped: () => client.chat.completions.create(chat), count: 100, rounds: 10, warmup: 0 });
        added[index].push(pairs.addedCpuUs);
        rawCpu.push(pairs.rawCpuUs);
      }
    }
    for (const [index, { name }] of httpClients.entries()) {
      overHttp.push({ configuration: name, addedMicroseconds: median(added[index]), turns: added[index], rawCpuMicroseconds: median(rawCpu) });
    }
  } finally {
    await sim.close();
  }
}

// 3. estimate() in place and in a tight loop.
const raw = configurations[0].client;
const request = { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 20, outputTokens: 64, latencyMs: 500, tokenSource: 'reported' };
const estimates = [];
for (const methodology of ['wattlens', 'ecologits']) {
  const count = 20_000;
  let inPlace = 0n;
  let again = 0n;
  for (let call = 0; call < count; call += 1) {
    await raw.chat.completions.create(chat);
    const start = process.hrtime.bigint();
    estimate(request, { methodology });
    const between = process.hrtime.bigint();
    // The same estimate at once: its code and data are back in the caches.
    estimate(request, { methodology });
    again += process.hrtime.bigint() - between;
    inPlace += between - start;
  }
  const start = process.hrtime.bigint();
  for (let call = 0; call < count; call += 1) estimate(request, { methodology });
  const tight = process.hrtime.bigint() - start;
  estimates.push({
    methodology,
    inPlaceMicroseconds: Number(inPlace) / count / 1000,
    againMicroseconds: Number(again) / count / 1000,
    tightLoopMicroseconds: Number(tight) / count / 1000,
  });
}

// 4. Memory allocated per call, by the SDK and by WattLens (last: the profiler
// slows what runs after it).
const session = new Session();
session.connect();
const allocationCalls = 10_000;
for (const [index, { client }] of configurations.entries()) {
  await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let call = 0; call < allocationCalls; call += 1) await client.chat.completions.create(chat);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  let total = 0;
  let wattlens = 0;
  const walk = (node) => {
    total += node.selfSize;
    if (/@wattlens|[\\/]packages[\\/](core|openai)[\\/]dist[\\/]/.test(node.callFrame.url)) wattlens += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  calls[index].bytesPerCall = total / allocationCalls;
  calls[index].wattlensBytesPerCall = wattlens / allocationCalls;
}
session.disconnect();

const results = { benchmark: 'cpu-breakdown', node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, calls, overHttp, estimates };
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  printCalls();
  console.log(`Over HTTP (simulator latency none), after ${STEADY_WARMUP} calls of each client, paired with the raw client (${overHttp[0]?.rawCpuMicroseconds.toFixed(0)} µs per call):`);
  for (const row of overHttp) console.log(`  ${row.configuration.padEnd(50)} ${row.addedMicroseconds >= 0 ? '+' : ''}${row.addedMicroseconds.toFixed(1)} µs  (turns: ${row.turns.map((value) => value.toFixed(1)).join(', ')})`);
  console.log('estimate() alone:');
  for (const row of estimates) console.log(`  ${row.methodology.padEnd(10)} ${row.inPlaceMicroseconds.toFixed(2)} µs right after an SDK call, ${row.againMicroseconds.toFixed(2)} µs for the same estimate at once, ${row.tightLoopMicroseconds.toFixed(2)} µs in a tight loop`);
}
