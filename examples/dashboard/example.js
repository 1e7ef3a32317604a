// The live dashboard of an application's AI usage: one meter with budgets, a ledger on disk, and
// the dashboard fed by the meter. Requests are estimated with estimate(), as an adapter would
// after each call (withImpact() from @wattlens/openai, @wattlens/mistral or
// @wattlens/huggingface does it for you), so the example runs offline.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { estimate, Meter } from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { renderTerminalLine, startDashboard } from '@wattlens/dashboard';

/** What a small team's assistant does: which feature calls which model, with how many tokens. */
const WORKLOAD = [
  { feature: 'search', provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1200, outputTokens: 250, latencyMs: 2100 },
  { feature: 'summarise', provider: 'openai', model: 'gpt-4o', inputTokens: 6000, outputTokens: 900, latencyMs: 11_000 },
  { feature: 'translate', provider: 'mistral', model: 'mistral-small-latest', inputTokens: 800, outputTokens: 700, latencyMs: 6200 },
  { feature: 'autocomplete', provider: 'huggingface', model: 'meta-llama/Llama-3.1-8B-Instruct', inputTokens: 300, outputTokens: 60, latencyMs: 700 },
  { feature: 'summarise', provider: 'mistral', model: 'mistral-large-latest', inputTokens: 5000, outputTokens: 800, latencyMs: 12_000 },
];

/**
 * Starts the dashboard and records requests into its meter.
 *
 * @param {{ directory: string, port?: number, requests?: number, intervalMs?: number, print?: (line: string) => void, signal?: AbortSignal }} options
 *   Where to write the ledger, the dashboard's port, how many requests and how far apart, how to
 *   print, and a signal that stops the requests.
 */
export async function run({ directory, port = 0, requests = WORKLOAD.length, intervalMs = 0, print = console.log, signal }) {
  // A daily CO2 budget that warns at 80 %, and an hourly water budget.
  const meter = new Meter({
    budgets: [
      { name: 'co2-per-day', metric: 'gwp', limit: 0.05, window: 'day' },
      { name: 'water-per-hour', metric: 'water', limit: 0.2, window: 'hour', warnAt: 0.5 },
    ],
  });
  meter.on('budget-warning', (event) => print(`warning: ${event.name} at ${Math.round(event.fraction * 100)}%`));

  // Every request becomes a line of the ledger: `wattlens dashboard --ledger` and
  // `wattlens report` read it back later.
  const path = join(directory, 'impact.jsonl');
  const ledger = new Ledger(path, { onError: (error) => print(`ledger: ${error.message}`) });
  ledger.attach(meter);

  // Loopback only, port 0 = any free port.
  const dashboard = await startDashboard({ meter, port });
  print(`Dashboard: ${dashboard.url}`);

  for (let index = 0; index < requests && signal?.aborted !== true; index += 1) {
    const { feature, ...request } = WORKLOAD[index % WORKLOAD.length];
    meter.record(estimate(request), { tags: { feature }, operation: 'chat', status: 'completed' });
    print(renderTerminalLine(dashboard.snapshot()));
    if (intervalMs > 0 && index + 1 < requests) await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }

  return {
    dashboard,
    meter,
    path,
    async close() {
      await dashboard.close();
      await ledger.close();
    },
  };
}
