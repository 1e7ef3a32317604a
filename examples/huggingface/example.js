// Impact reports for Hugging Face inference: the inference provider of each call (Together,
// Groq, Nscale, hf-inference…) sets the datacenter assumed, tasks without usage are counted with
// gpt-tokenizer, and a meter adds everything up. Runs against the local simulator unless a token
// is given (start.js passes HF_TOKEN).
import { InferenceClient } from '@huggingface/inference';
import { formatCarbon, formatEnergy, formatWater, getImpact, getStreamImpact, Meter } from '@wattlens/core';
import { withImpact } from '@wattlens/huggingface';
import { startProviderSim } from '@wattlens/provider-sim';

/**
 * Runs the example.
 *
 * @param {{ token?: string, print?: (line: string) => void }} [options] - A Hugging Face token for the real API; how to print.
 */
export async function run({ token, print = console.log } = {}) {
  const sim = token === undefined ? await startProviderSim({ latency: 'realistic' }) : undefined;
  try {
    // With the simulator, huggingfaceFetch sends the SDK's router and Hub requests to it.
    const hf = sim === undefined ? new InferenceClient(token) : new InferenceClient('hf_sim', { fetch: sim.huggingfaceFetch });
    print(sim === undefined ? 'Using Hugging Face inference providers.' : `Using the local simulator at ${sim.urls.huggingface} (set HF_TOKEN for the real API).`);

    const meter = new Meter();
    const client = withImpact(hf, {
      meter,
      onImpact: (report, context) => {
        print(`  [${context.operation}] ${context.provider} ${report.request.inputTokens}+${report.request.outputTokens} tokens (${report.request.tokenSource}) in ${report.assumptions.zone}: ${formatEnergy(report.energy.value)}, ${formatCarbon(report.gwp.value)}`);
      },
    });
    const model = 'meta-llama/Llama-3.1-8B-Instruct';
    const messages = [{ role: 'user', content: 'In one sentence: what is a kilowatt-hour?' }];

    // 1. The same chat on three providers: each one's datacenter gives its own footprint.
    for (const provider of ['together', 'nscale', 'hf-inference']) {
      const reply = await client.chatCompletion({ provider, model, messages, max_tokens: 60 });
      const impact = getImpact(reply);
      print(`${provider}: ${formatCarbon(impact.gwp.value)}, ${formatWater(impact.water.value)} (zone ${impact.assumptions.zone})`);
    }

    // 2. A stream stays an async generator; its impact is a promise settled when it ends.
    const stream = client.chatCompletionStream({ provider: 'groq', model: 'meta-llama/Llama-3.3-70B-Instruct', messages, max_tokens: 60 });
    let chunks = 0;
    for await (const _chunk of stream) chunks += 1;
    print(`groq stream: ${chunks} chunks, ${formatEnergy((await getStreamImpact(stream)).energy.value)}`);

    // 3. Embeddings return no usage: the inputs are counted.
    const vectors = await client.featureExtraction({ provider: 'hf-inference', model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: ['kilowatt-hour', 'litre of water'] });
    print(`embeddings: ${vectors.length} vectors, ${getImpact(vectors).request.inputTokens} tokens (${getImpact(vectors).request.tokenSource})`);

    const { totals, byProvider } = meter.snapshot();
    print(`total: ${totals.requests} requests, ${formatCarbon(totals.gwp.value)}; by provider: ${Object.entries(byProvider).map(([provider, sums]) => `${provider} ${formatCarbon(sums.gwp.value)}`).join(', ')}`);
    return { totals, byProvider };
  } finally {
    await sim?.close();
  }
}
