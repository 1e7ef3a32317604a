// Overhead of @wattlens/huggingface over the raw InferenceClient, on the same simulator in one
// run: non-stream chat, a 2,000-chunk chat stream (the wrapper asks for usage, the raw client
// does not), feature extraction (counted with gpt-tokenizer). Targets: ≤ 2 % added wall time and
// ≤ 20 µs of added CPU per call. Needs the built packages:
//   pnpm --filter @wattlens/core --filter @wattlens/provider-sim --filter @wattlens/huggingface build
// Run: node bench/huggingface-overhead.mjs [--realistic] [--json]
// --realistic gives the simulator its realistic latency (time to first token and token pace of
// the model class, docs/provider-sim.md), and runs the non-stream calls and a 200-chunk stream.
import { InferenceClient } from '@huggingface/inference';
import { attachImpact, chatUsageToRequest, loadTokenizer, Meter, trackRequest } from '@wattlens/core';
import { withImpact } from '@wattlens/huggingface';
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
  const raw = new InferenceClient('hf_sim');
  const wrapped = withImpact(raw, { meter: new Meter(), onImpact: () => {} });
  const quiet = withImpact(raw, { meter: new Meter(), onImpact: () => {}, includeStreamUsage: false });
  const coreOptions = { meter: new Meter(), onImpact: () => {} };
  await loadTokenizer();
  const messages = [{ role: 'user', content: 'How much water does a data center use per kilowatt-hour?' }];
  const chat = { endpointUrl: `${sim.urls.huggingface}/x-sim-output-tokens=64/endpoints/tgi`, model: 'meta-llama/Llama-3.1-8B-Instruct', messages };
  const stream = { ...chat, endpointUrl: `${sim.urls.huggingface}/x-sim-output-tokens=2000/endpoints/tgi` };
  const paced = { ...chat, endpointUrl: `${sim.urls.huggingface}/x-sim-output-tokens=200/endpoints/tgi` };
  const features = { endpointUrl: `${sim.urls.huggingface}/tasks/feature-extraction/BAAI/bge-small-en-v1.5`, inputs: 'How much water does a data center use per kilowatt-hour?' };
  const consume = async (chunks) => {
    for await (const _chunk of chunks);
  };
  const results = [
    await compare('chatCompletion (64 tokens)', {
      raw: () => raw.chatCompletion(chat),
      wrapped: () => wrapped.chatCompletion(chat),
      ...sizing,
    }),
    // The adapter against core's instrumentation done by hand around the raw call (budget check,
    // estimate(), meter record, hook): what the adapter itself adds.
    await compare('  adapter vs core by hand', {
      raw: async () => {
        const tracker = trackRequest(coreOptions, { provider: 'vllm', model: chat.model, operation: 'chat' }, {});
        const reply = await raw.chatCompletion(chat);
        return attachImpact(reply, tracker.finish({ ...chatUsageToRequest(reply.usage), model: reply.model }));
      },
      wrapped: () => wrapped.chatCompletion(chat),
      ...sizing,
    }),
    await compare('featureExtraction (counted)', {
      raw: () => raw.featureExtraction(features),
      wrapped: () => wrapped.featureExtraction(features),
      ...steady,
    }),
    ...(realistic ? [
      await compare('chatCompletionStream (200 chunks, paced)', {
        raw: () => consume(raw.chatCompletionStream(paced)),
        wrapped: () => consume(wrapped.chatCompletionStream(paced)),
        count: 1,
        rounds: 6,
        warmup: 1,
      }),
    ] : [
      await compare('chatCompletionStream (2,000 chunks)', {
        raw: () => consume(raw.chatCompletionStream(stream)),
        wrapped: () => consume(wrapped.chatCompletionStream(stream)),
        count: 3,
        warmup: 3,
      }),
      // The same without asking for usage: the share of the longer stream the simulator then sends.
      await compare('  includeStreamUsage: false', {
        raw: () => consume(raw.chatCompletionStream(stream)),
        wrapped: () => consume(quiet.chatCompletionStream(stream)),
        count: 3,
        warmup: 3,
      }),
    ]),
  ];
  report('@wattlens/huggingface overhead', results, latency);
} finally {
  await sim.close();
}
