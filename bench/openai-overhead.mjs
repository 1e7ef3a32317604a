// Overhead of @wattlens/openai over the raw OpenAI SDK, measured in one run on the same simulator
// (in a child process, so that this process's CPU time is the SDK's and the adapter's only), for
// openai 7 and openai 6, raw and wrapped calls interleaved in rounds:
//   1. latency 'none' (the simulator answers at once: the worst case, where nothing hides the
//      adapter's CPU): non-stream chat, embeddings, a 2,000-chunk chat stream (usage asked for and
//      its chunk hidden by the adapter), the same stream with stream usage off (tokens counted);
//   2. without network: the SDK given canned responses through its `fetch` option (the same
//      chat JSON and 2,000-chunk SSE the simulator sends), which removes the HTTP stack and the
//      simulator from the measure; the stream's figure split: what asking for usage costs the
//      raw SDK, what the adapter adds when the caller asks for usage itself (no chunk to hide, no
//      `usage: null` key to remove), and what a watcher that does nothing but see each chunk adds
//      (the floor of any watcher of the SDK's chunks); and what core's instrumentation costs per request:
//      trackRequest() + finish() (estimate, meter, hook) and estimate() alone, to tell it from the
//      adapter's own plumbing;
//   3. latency 'realistic' (time to first token and token pace of the model class): non-stream
//      chat and a 400-chunk stream, as an application sees them.
// Targets (issue #5): ≤ 2 % added wall time and ≤ 20 µs of added CPU per call.
// Needs the built packages:
//   pnpm --filter @wattlens/core --filter @wattlens/provider-sim --filter @wattlens/openai build
// Run: node bench/openai-overhead.mjs [--json] [--major 7|6] [--skip-realistic]
import { estimate, loadTokenizer, Meter, trackRequest } from '@wattlens/core';
import { withImpact } from '@wattlens/openai';
import os from 'node:os';
import OpenAI from 'openai';
import OpenAIv6 from 'openai-v6';
import { cannedOpenAIOptions, compare, STEADY_WARMUP, startSimProcess } from './overhead-harness.mjs';

const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const onlyMajor = argument('--major');
const majors = [
  ['openai 7', OpenAI],
  ['openai 6', OpenAIv6],
].filter(([name]) => onlyMajor === undefined || name === `openai ${onlyMajor}`);

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'How much water does a data center use per kilowatt-hour?' }] };
const stream = { ...chat, stream: true };
const streamWithUsage = { ...stream, stream_options: { include_usage: true } };
const tokens = (count) => ({ headers: { 'x-sim-output-tokens': String(count) } });

async function consume(chunks) {
  let count = 0;
  for await (const _chunk of chunks) count += 1;
  return count;
}

/**
 * Puts on an SDK stream the least a watcher can be: its `iterator` replaced, as the adapter does,
 * by one whose reads go through a promise reaction that sees each chunk and does nothing else.
 */
function bareWatcher(sdkStream) {
  const iterator = sdkStream.iterator;
  let seen = 0;
  const see = (result) => {
    if (result.done !== true) seen += 1;
    return result;
  };
  sdkStream.iterator = () => {
    const source = iterator.call(sdkStream);
    return { next: () => source.next().then(see), return: (value) => source.return(value) };
  };
  return sdkStream;
}

/** Clients on one simulator: raw, wrapped (a meter and a hook, as an application has), wrapped without stream usage. */
function clients(Client, baseURL) {
  const options = { baseURL, apiKey: 'sim', maxRetries: 0 };
  return {
    raw: new Client(options),
    wrapped: withImpact(new Client(options), { meter: new Meter(), onImpact: () => {} }),
    counted: withImpact(new Client(options), { meter: new Meter(), onImpact: () => {}, includeStreamUsage: false }),
  };
}

/** CPU time per call of a synchronous function, median of rounds. */
function cpuPerCall(run, count = 2000, rounds = 15) {
  for (let index = 0; index < count; index += 1) run();
  const samples = [];
  for (let round = 0; round < rounds; round += 1) {
    const before = process.cpuUsage();
    for (let index = 0; index < count; index += 1) run();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / count);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const groups = [];

// 1. Latency 'none'.
{
  const sim = await startSimProcess({ latency: 'none' });
  try {
    // The counted path needs the tokenizer: load it before measuring, as a long-running app would have.
    await loadTokenizer();
    const results = [];
    for (const [name, Client] of majors) {
      const { raw, wrapped, counted } = clients(Client, sim.urls.openai);
      // Both clients yield the same chunks: 2,000 content chunks plus the first and the last.
      const rawChunks = await consume(await raw.chat.completions.create(stream, tokens(2000)));
      const wrappedChunks = await consume(await wrapped.chat.completions.create(stream, tokens(2000)));
      if (rawChunks !== wrappedChunks) throw new Error(`${name}: the wrapped stream has ${wrappedChunks} chunks, the raw one ${rawChunks}.`);
      results.push(
        // A long warm-up (STEADY_WARMUP): the JIT settles only after thousands of calls, and an
        // application runs in that steady state.
        await compare(`${name} chat, 64 tokens`, {
          raw: () => raw.chat.completions.create(chat, tokens(64)),
          wrapped: () => wrapped.chat.completions.create(chat, tokens(64)),
          count: 50,
          warmup: STEADY_WARMUP,
        }),
        await compare(`${name} embeddings`, {
          raw: () => raw.embeddings.create({ model: 'text-embedding-3-small', input: 'kilowatt-hour' }),
          wrapped: () => wrapped.embeddings.create({ model: 'text-embedding-3-small', input: 'kilowatt-hour' }),
          count: 50,
          warmup: STEADY_WARMUP,
        }),
        await compare(`${name} stream, ${rawChunks} chunks`, {
          raw: async () => consume(await raw.chat.completions.create(stream, tokens(2000))),
          wrapped: async () => consume(await wrapped.chat.completions.create(stream, tokens(2000))),
          count: 3,
          warmup: 3,
        }),
        await compare(`${name} stream, counted`, {
          raw: async () => consume(await raw.chat.completions.create(stream, tokens(2000))),
          wrapped: async () => consume(await counted.chat.completions.create(stream, tokens(2000))),
          count: 3,
          warmup: 3,
        }),
      );
    }
    groups.push({ latency: 'none', results });
  } finally {
    await sim.close();
  }
}

// 2. Without network: canned responses, then core's instrumentation alone.
{
  const results = [];
  for (const [name, Client] of majors) {
    const options = cannedOpenAIOptions();
    const raw = new Client(options);
    const wrapped = withImpact(new Client(options), { meter: new Meter(), onImpact: () => {} });
    results.push(
      // Without network a call is a few hundred microseconds: the JIT settles only after thousands.
      await compare(`${name} chat, 64 tokens`, {
        raw: () => raw.chat.completions.create(chat),
        wrapped: () => wrapped.chat.completions.create(chat),
        count: 200,
        warmup: 5000,
      }),
      await compare(`${name} stream, 2002 chunks`, {
        raw: async () => consume(await raw.chat.completions.create(stream)),
        wrapped: async () => consume(await wrapped.chat.completions.create(stream)),
        count: 3,
        warmup: 5,
      }),
      // What the stream's figure is made of: the SDK's own cost of usage (the `usage: null` key of
      // every chunk, the usage chunk), then the adapter's when the caller asks for usage itself
      // (it watches every chunk, hides nothing).
      await compare(`${name} stream, raw asking for usage`, {
        raw: async () => consume(await raw.chat.completions.create(stream)),
        wrapped: async () => consume(await raw.chat.completions.create(streamWithUsage)),
        count: 3,
        warmup: 5,
      }),
      await compare(`${name} stream, both asking for usage`, {
        raw: async () => consume(await raw.chat.completions.create(streamWithUsage)),
        wrapped: async () => consume(await wrapped.chat.completions.create(streamWithUsage)),
        count: 3,
        warmup: 5,
      }),
      // The floor of watching a stream chunk by chunk: a watcher that only sees each chunk, put
      // on the raw SDK's stream the way the adapter puts its own, at one promise reaction per chunk.
      await compare(`${name} stream, a bare watcher (floor)`, {
        raw: async () => consume(await raw.chat.completions.create(streamWithUsage)),
        wrapped: async () => consume(bareWatcher(await raw.chat.completions.create(streamWithUsage))),
        count: 3,
        warmup: 5,
      }),
    );
  }
  groups.push({ latency: 'no network (canned responses)', results });
}
const usage = { inputTokens: 20, outputTokens: 64, tokenSource: 'reported', latencyMs: 500 };
const withMeter = { meter: new Meter(), onImpact: () => {} };
const core = {
  trackAndFinishMicroseconds: cpuPerCall(() => trackRequest(withMeter, { provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' }).finish(usage)),
  estimateMicroseconds: cpuPerCall(() => estimate({ provider: 'openai', model: 'gpt-4o-mini', ...usage })),
};

// 3. Latency 'realistic'.
if (!process.argv.includes('--skip-realistic')) {
  const sim = await startSimProcess({ latency: 'realistic' });
  try {
    const [name, Client] = majors[0];
    const { raw, wrapped } = clients(Client, sim.urls.openai);
    groups.push({
      latency: 'realistic',
      results: [
        await compare(`${name} chat, 16 tokens`, {
          raw: () => raw.chat.completions.create(chat, tokens(16)),
          wrapped: () => wrapped.chat.completions.create(chat, tokens(16)),
          count: 2,
          rounds: 4,
          warmup: 1,
        }),
        await compare(`${name} stream, 400 chunks`, {
          raw: async () => consume(await raw.chat.completions.create(stream, tokens(400))),
          wrapped: async () => consume(await wrapped.chat.completions.create(stream, tokens(400))),
          count: 1,
          rounds: 4,
          warmup: 1,
        }),
      ],
    });
  } finally {
    await sim.close();
  }
}

const summary = {
  benchmark: '@wattlens/openai overhead',
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  core,
  groups,
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`${summary.benchmark} on Node ${summary.node}, ${summary.cpu} (${summary.cores} cores, load ${summary.loadAverage.join(' ')})`);
  for (const group of groups) {
    console.log(`${group.latency.startsWith('no network') ? group.latency : `simulator latency ${group.latency}`} (median of paired rounds):`);
    for (const result of group.results) {
      console.log(
        `  ${result.name.padEnd(30)} wall ${result.rawWallMs.toFixed(3)} → ${result.wrappedWallMs.toFixed(3)} ms (${result.addedWallPercent >= 0 ? '+' : ''}${result.addedWallPercent.toFixed(2)} %); ` +
          `CPU ${result.rawCpuUs.toFixed(0)} → ${result.wrappedCpuUs.toFixed(0)} µs (${result.addedCpuUs >= 0 ? '+' : ''}${result.addedCpuUs.toFixed(1)} µs per call)`,
      );
    }
  }
  console.log(`core, per request without network, in a tight loop: trackRequest() + finish() with a meter and a hook ${core.trackAndFinishMicroseconds.toFixed(1)} µs; estimate() alone ${core.estimateMicroseconds.toFixed(1)} µs (timed apart)`);
}
