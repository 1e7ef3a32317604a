// Impact reports for every Mistral call: wrap the client once, then read `impact` on results and
// streams, add everything up in a meter, and tag requests by user. Runs against the local
// simulator unless an API key is given (start.js passes MISTRAL_API_KEY).
import { Mistral } from '@mistralai/mistralai';
import { equivalents, formatCarbon, formatEnergy, formatEquivalent, formatWater, getImpact, getStreamImpact, Meter } from '@wattlens/core';
import { withCallOptions, withImpact } from '@wattlens/mistral';
import { startProviderSim } from '@wattlens/provider-sim';

/**
 * Runs the example.
 *
 * @param {{ apiKey?: string, print?: (line: string) => void }} [options] - A Mistral API key for the real API; how to print.
 */
export async function run({ apiKey, print = console.log } = {}) {
  const sim = apiKey === undefined ? await startProviderSim({ latency: 'realistic' }) : undefined;
  try {
    const mistral = new Mistral(sim === undefined ? { apiKey } : { apiKey: 'sim', serverURL: sim.urls.mistral });
    print(sim === undefined ? 'Using the Mistral API.' : `Using the local simulator at ${sim.urls.mistral} (set MISTRAL_API_KEY for the real API).`);

    const meter = new Meter({ budgets: [{ name: 'daily-co2', metric: 'gwp', limit: 0.05, window: 'day', policy: 'block' }] });
    const client = withImpact(mistral, {
      meter,
      tags: { app: 'example' },
      onImpact: (report, context) => {
        print(`  [${context.operation}${context.streamed ? ', streamed' : ''}] ${context.model} ${report.request.inputTokens}+${report.request.outputTokens} tokens (${report.request.tokenSource}) in ${report.assumptions.zone}: ${formatEnergy(report.energy.value)}, ${formatCarbon(report.gwp.value)}`);
      },
    });

    // 1. A chat completion: the result carries its report (not enumerable: JSON is unchanged).
    const messages = [{ role: 'user', content: 'In two sentences: why do data centers use water?' }];
    const reply = await client.chat.complete({ model: 'mistral-small-latest', messages, maxTokens: 120 });
    const impact = getImpact(reply);
    print(`chat: ${formatCarbon(impact.gwp.value)} (${formatCarbon(impact.gwp.min)}–${formatCarbon(impact.gwp.max)}), ${formatWater(impact.water.value)}`);

    // 2. A stream stays an EventStream; its impact is a promise settled when it ends.
    const stream = await client.chat.stream({ model: 'mistral-small-latest', messages, maxTokens: 120 });
    let characters = 0;
    for await (const event of stream) {
      const content = event.data.choices[0]?.delta.content;
      if (typeof content === 'string') characters += content.length;
    }
    const streamed = await getStreamImpact(stream);
    print(`stream: ${characters} characters, ${formatEnergy(streamed.energy.value)}`);

    // 3. A stream left early is recorded too, as aborted, with the tokens generated until then.
    const early = await client.chat.stream({ model: 'mistral-large-latest', messages });
    let events = 0;
    for await (const _event of early) if ((events += 1) === 10) break;
    print(`stream left early: ${(await getStreamImpact(early)).request.outputTokens} tokens recorded`);

    // 4. Embeddings, and per-call tags for one user.
    const ada = withCallOptions(client, { tags: { user: 'ada' } });
    await ada.embeddings.create({ model: 'mistral-embed', inputs: ['kilowatt-hour', 'litre of water'] });

    const { totals, byTag } = meter.snapshot();
    print(`total: ${totals.requests} requests, ${formatEnergy(totals.energy.value)}, ${formatCarbon(totals.gwp.value)}, ${formatWater(totals.water.value)}; ada: ${byTag.user?.ada?.requests ?? 0} request`);
    print(`that is ${equivalents(totals, { only: ['smartphone-charges', 'petrol-car-km'] }).map((equivalent) => formatEquivalent(equivalent)).join(', ')}`);
    return { totals };
  } finally {
    await sim?.close();
  }
}
