// onImpact hooks and budgets around any model call, with the same core API the WattLens adapters
// use (trackRequest): a toy local "model" stands in for a provider SDK, so it runs offline.
import { BudgetExceededError, formatCarbon, formatEnergy, Meter, trackRequest } from '@wattlens/core';

/** A toy text model: answers with as many words as asked, and reports its token usage. */
class ToyModel {
  calls = 0;

  /** @param {{ model: string, prompt: string, maxTokens: number, fail?: boolean }} body */
  async generate({ model, prompt, maxTokens, fail = false }) {
    this.calls += 1;
    if (fail) throw Object.assign(new Error(`The model could not answer "${prompt}"`), { name: 'ServerError', status: 503 });
    const inputTokens = Math.ceil(prompt.length / 4);
    return { model, text: 'word '.repeat(maxTokens).trim(), usage: { inputTokens, outputTokens: maxTokens } };
  }
}

/**
 * What an adapter does: check the budgets before sending, time the call, record it once with the
 * usage the response reports, hand the report to the caller. The prompt never leaves the call.
 *
 * @param {ToyModel} client
 * @param {import('@wattlens/core').ImpactOptions} options - meter, onImpact, tags, zone…
 */
function withImpact(client, options) {
  return {
    /**
     * @param {{ model: string, prompt: string, maxTokens: number, fail?: boolean }} body
     * @param {import('@wattlens/core').ImpactCallOptions} [call] - per-call onImpact and tags
     */
    async generate(body, call = {}) {
      // Throws BudgetExceededError before anything is sent when a blocking budget is spent.
      const tracker = trackRequest(options, { provider: 'ollama', model: body.model, operation: 'text-generation' }, call);
      try {
        const result = await client.generate(body);
        const impact = tracker.finish({ inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens });
        return { ...result, impact };
      } catch (error) {
        // A failed request that consumed tokens is recorded too: name and HTTP status only.
        tracker.finish({ inputTokens: Math.ceil(body.prompt.length / 4), tokenSource: 'estimated' }, { error });
        throw error;
      }
    },
  };
}

/**
 * Runs the example.
 *
 * @param {{ print?: (line: string) => void }} [options] - How to print.
 */
export async function run({ print = console.log } = {}) {
  const meter = new Meter({ budgets: [{ name: 'hourly-energy', metric: 'energy', limit: 0.001, window: 'hour', policy: 'block' }] });
  meter.on('listener-error', ({ source, error }) => print(`${source} error reported: ${error.name}; the request went on`));
  const toy = new ToyModel();
  const client = withImpact(toy, {
    meter,
    tags: { app: 'example' },
    zone: 'FRA',
    onImpact: (report, context) => {
      print(`[${context.status}] ${context.model} ${report.request.inputTokens}+${report.request.outputTokens} tokens: ${formatEnergy(report.energy.value)}, ${formatCarbon(report.gwp.value)} (${context.tags.user ?? 'anonymous'})`);
    },
  });

  // A plain call, then one with per-call tags and its own hook.
  const first = await client.generate({ model: 'llama3.1:8b', prompt: 'Name three rivers.', maxTokens: 40 });
  print(`the result carries its report: ${formatCarbon(first.impact.gwp.value)}`);
  await client.generate({ model: 'llama3.1:70b', prompt: 'Summarise this page.', maxTokens: 400 }, {
    tags: { user: 'ada' },
    onImpact: (report) => print(`per-call hook: ada's summary cost ${formatEnergy(report.energy.value)}`),
  });

  // A hook that throws never breaks the request; the meter reports it.
  await client.generate({ model: 'llama3.1:8b', prompt: 'Hi', maxTokens: 5 }, { onImpact: () => { throw new TypeError('bug in my hook'); } });

  // A failed request is recorded with status "failed", the error's name and status, never its message.
  try {
    await client.generate({ model: 'llama3.1:8b', prompt: 'a secret question', maxTokens: 10, fail: true });
  } catch (error) {
    print(`the caller still gets the provider's error: ${error.name}`);
  }

  // Spend the hourly energy budget, then watch the next request be refused before it is sent.
  let refused;
  for (let index = 0; index < 50 && refused === undefined; index += 1) {
    try {
      await client.generate({ model: 'llama3.1:70b', prompt: 'Write an essay.', maxTokens: 2000 }, { tags: { user: 'bob' } });
    } catch (error) {
      if (!BudgetExceededError.isInstance(error)) throw error;
      refused = error;
    }
  }
  const callsBefore = toy.calls;
  print(`refused: ${refused?.message}`);
  const snapshot = meter.snapshot();
  print(`model calls made: ${callsBefore}; requests recorded: ${snapshot.totals.requests}, ${snapshot.totals.failed} of them failed`);
  return { meter, refused, calls: toy.calls };
}
