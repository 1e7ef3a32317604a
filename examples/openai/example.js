// Impact reports for every OpenAI call: wrap the client once, then read `impact` on results and
// streams, add everything up in a meter, tag requests by user, and let a budget refuse a request
// before it is sent. Runs against the local simulator unless an API key is given (start.js passes
// OPENAI_API_KEY); the image and speech calls run on the simulator only.
import {
  BudgetExceededError,
  equivalents,
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatWater,
  getImpact,
  Meter,
} from '@wattlens/core';
import { withCallImpact, withCallOptions, withImpact } from '@wattlens/openai';
import { startProviderSim } from '@wattlens/provider-sim';
import OpenAI from 'openai';

/**
 * Runs the example.
 *
 * @param {{ apiKey?: string, latency?: 'realistic' | 'none', print?: (line: string) => void }} [options] -
 *   An OpenAI API key for the real API; the simulator's latency; how to print.
 */
export async function run({ apiKey, latency = 'realistic', print = console.log } = {}) {
  const sim = apiKey === undefined ? await startProviderSim({ latency }) : undefined;
  try {
    const openai = new OpenAI(sim === undefined ? { apiKey } : { apiKey: 'sim', baseURL: sim.urls.openai, maxRetries: 0 });
    print(sim === undefined ? 'Using the OpenAI API.' : `Using the local simulator at ${sim.urls.openai} (set OPENAI_API_KEY for the real API).`);

    const meter = new Meter({ budgets: [{ name: 'daily-co2', metric: 'gwp', limit: 0.05, window: 'day', policy: 'block' }] });
    const client = withImpact(openai, {
      meter,
      tags: { app: 'example' },
      onImpact: (report, context) => {
        const { inputTokens, outputTokens, tokenSource } = report.request;
        print(`  [${context.operation}${context.streamed ? ', streamed' : ''}, ${context.status}] ${context.model} ${inputTokens}+${outputTokens} tokens (${tokenSource}): ${formatEnergy(report.energy.value)}, ${formatCarbon(report.gwp.value)}`);
      },
    });
    const messages = [{ role: 'user', content: 'In two sentences: why do data centers use water?' }];

    // 1. A chat completion: the result carries its report (not enumerable: JSON is unchanged).
    const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 120 });
    const impact = reply.impact;
    print(`chat: ${formatCarbon(impact.gwp.value)} (${formatCarbon(impact.gwp.min)}–${formatCarbon(impact.gwp.max)}), ${formatWater(impact.water.value)}; JSON has "impact": ${JSON.stringify(reply).includes('"impact"')}`);

    // 2. A stream stays the SDK's Stream; its impact is a promise settled when it ends. WattLens
    //    asked for usage on your behalf and hid the extra usage chunk: every chunk has a choice.
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 120, stream: true });
    let characters = 0;
    for await (const chunk of stream) characters += chunk.choices[0].delta.content?.length ?? 0;
    const streamed = await stream.impact;
    print(`stream: ${characters} characters, ${streamed.request.outputTokens} tokens (${streamed.request.tokenSource}), ${formatEnergy(streamed.energy.value)}`);

    // 3. A stream left early: the request is aborted, and recorded with the tokens generated until then.
    const early = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    let chunks = 0;
    for await (const _chunk of early) if ((chunks += 1) === 10) break;
    print(`stream left early: request aborted: ${early.controller.signal.aborted}, ${(await early.impact).request.outputTokens} tokens recorded`);

    // 4. Embeddings for one user (a client scoped with withCallOptions), and one request with its own tags.
    const ada = withCallOptions(client, { tags: { user: 'ada' } });
    await ada.embeddings.create({ model: 'text-embedding-3-small', input: ['kilowatt-hour', 'litre of water'] });
    await ada.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 40 }, withCallImpact({ tags: { feature: 'summary' } }));

    // 5. Other modalities (simulator only): an image and speech, estimated per image and per second.
    if (sim !== undefined) {
      const image = await client.images.generate({ model: 'gpt-image-1', prompt: 'a wind farm at dawn', quality: 'low', size: '1024x1024' });
      print(`image: ${formatEnergy(image.impact.energy.value)} (${image.impact.warnings.map((warning) => warning.code).join(', ')})`);
      const speech = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Every request has a cost in energy and water.' });
      print(`speech: ${getImpact(speech).request.audioSeconds} s of audio, ${formatEnergy(getImpact(speech).energy.value)}`);
    }

    // 6. A budget that blocks: once spent, the next request is refused before anything is sent.
    meter.addBudget({ name: 'hourly-energy', metric: 'energy', limit: 1e-9, window: 'hour', policy: 'block' });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 40 });
    let refused;
    try {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    } catch (error) {
      if (!BudgetExceededError.isInstance(error)) throw error;
      refused = error;
      print(`refused before sending: budget "${error.budget}" spent`);
    }

    const { totals, byTag } = meter.snapshot();
    print(`total: ${totals.requests} requests (${totals.aborted} aborted), ${formatEnergy(totals.energy.value)}, ${formatCarbon(totals.gwp.value)}, ${formatWater(totals.water.value)}; ada: ${byTag.user?.ada?.requests ?? 0} requests`);
    print(`that is ${equivalents(totals, { only: ['smartphone-charges', 'petrol-car-km'] }).map((equivalent) => formatEquivalent(equivalent)).join(', ')}`);
    return { totals, refused, requestsSent: sim?.stats().requests };
  } finally {
    await sim?.close();
  }
}
