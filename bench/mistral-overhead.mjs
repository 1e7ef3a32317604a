// Overhead of @wattlens/mistral over the raw Mistral SDK, on the same simulator in one run:
// non-stream chat, a 2,000-chunk chat stream, embeddings. Targets: ≤ 2 % added wall time and
// ≤ 20 µs of added CPU per call. Needs the built packages:
//   pnpm --filter @wattlens/core --filter @wattlens/provider-sim --filter @wattlens/mistral build
// Run: node bench/mistral-overhead.mjs [--realistic] [--json]
// --realistic gives the simulator its realistic latency (time to first token and token pace of
// the model class, docs/provider-sim.md), and runs the non-stream calls and a 200-chunk stream.
import { Mistral } from '@mistralai/mistralai';
import { attachImpact, loadTokenizer, Meter, trackRequest } from '@wattlens/core';
import { withImpact } from '@wattlens/mistral';
import { compare, report, STEADY_WARMUP, startSimProcess } from './overhead-harness.mjs';

const realistic = process.argv.includes('--realistic');
const latency = realistic ? 'realistic' : 'none';
const sim = await startSimProcess({ latency });
// Against an instant simulator, a long warm-up (STEADY_WARMUP, in overhead-harness.mjs): the JIT
// settles only after thousands of calls, and an application runs in that steady state.
// Embeddings and features answer in milliseconds at realistic latency too: they are measured in
// that steady state in both settings (with two warm-up calls, their figure was that of code the
// JIT had not compiled yet: +0.2 to +0.9 ms of CPU per call).
const steady = { count: 50, warmup: STEADY_WARMUP };
/** Calls per round and rounds: fewer with realistic latency, where one call takes about a second. */
const sizing = realistic ? { count: 3, rounds: 5, warmup: 2 } : steady;
try {
  const raw = new Mistral({ apiKey: 'sim', serverURL: sim.urls.mistral });
  // A meter and a hook, as a real application would have: their cost is part of the overhead.
  const wrapped = withImpact(raw, { meter: new Meter(), onImpact: () => {} });
  const coreOptions = { meter: new Meter(), onImpact: () => {} };
  await loadTokenizer();
  const messages = [{ role: 'user', content: 'How much water does a data center use per kilowatt-hour?' }];
  const short = { headers: { 'x-sim-output-tokens': '64' } };
  const long = { headers: { 'x-sim-output-tokens': '2000' } };
  const paced = { headers: { 'x-sim-output-tokens': '200' } };
  const consume = async (stream) => {
    for await (const _event of stream);
  };
  const results = [
    await compare('chat.complete (64 tokens)', {
      raw: () => raw.chat.complete({ model: 'mistral-small-latest', messages }, short),
      wrapped: () => wrapped.chat.complete({ model: 'mistral-small-latest', messages }, short),
      ...sizing,
    }),
    // The adapter against core's instrumentation done by hand around the raw call (budget check,
    // estimate(), meter record, hook): what the adapter itself adds.
    await compare('  adapter vs core by hand', {
      raw: async () => {
        const tracker = trackRequest(coreOptions, { provider: 'mistral', model: 'mistral-small-latest', operation: 'chat' }, {});
        const reply = await raw.chat.complete({ model: 'mistral-small-latest', messages }, short);
        return attachImpact(reply, tracker.finish({ inputTokens: reply.usage.promptTokens, outputTokens: reply.usage.completionTokens, model: reply.model }));
      },
      wrapped: () => wrapped.chat.complete({ model: 'mistral-small-latest', messages }, short),
      ...sizing,
    }),
    await compare('embeddings.create', {
      raw: () => raw.embeddings.create({ model: 'mistral-embed', inputs: ['kilowatt-hour'] }),
      wrapped: () => wrapped.embeddings.create({ model: 'mistral-embed', inputs: ['kilowatt-hour'] }),
      ...steady,
    }),
    ...(realistic ? [
      await compare('chat.stream (200 chunks, paced)', {
        raw: async () => consume(await raw.chat.stream({ model: 'mistral-small-latest', messages }, paced)),
        wrapped: async () => consume(await wrapped.chat.stream({ model: 'mistral-small-latest', messages }, paced)),
        count: 1,
        rounds: 6,
        warmup: 1,
      }),
    ] : [
      await compare('chat.stream (2,000 chunks)', {
        raw: async () => consume(await raw.chat.stream({ model: 'mistral-small-latest', messages }, long)),
        wrapped: async () => consume(await wrapped.chat.stream({ model: 'mistral-small-latest', messages }, long)),
        count: 3,
        warmup: 3,
      }),
    ]),
  ];
  report('@wattlens/mistral overhead', results, latency);
} finally {
  await sim.close();
}
