// A meter with per-user budgets, a ledger file written and read back, and equivalents that make
// the totals meaningful. Runs offline: requests are estimated with estimate(), as an adapter would.
import { join } from 'node:path';
import {
  BudgetExceededError,
  equivalents,
  estimate,
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatWater,
  Meter,
  perDayForAYear,
} from '@wattlens/core';
import { Ledger, loadLedger } from '@wattlens/core/ledger';

/** What a small team's assistant did today: who asked, for what, with which model. */
const REQUESTS = [
  { user: 'ada', feature: 'search', provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1200, outputTokens: 250 },
  { user: 'bob', feature: 'search', provider: 'openai', model: 'gpt-4o-mini', inputTokens: 900, outputTokens: 180 },
  { user: 'ada', feature: 'summarise', provider: 'openai', model: 'gpt-4o', inputTokens: 6000, outputTokens: 900 },
  { user: 'cy', feature: 'summarise', provider: 'mistral', model: 'mistral-small-latest', inputTokens: 5000, outputTokens: 700 },
  { user: 'ada', feature: 'summarise', provider: 'openai', model: 'gpt-4o', inputTokens: 8000, outputTokens: 1200 },
  { user: 'ada', feature: 'search', provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 200 },
];

/**
 * Runs the example.
 *
 * @param {{ directory: string, print?: (line: string) => void }} options - Where to write the ledger, how to print.
 */
export async function run({ directory, print = console.log }) {
  // One meter for the app: at most 1.5 g CO2e per user per day, refused beyond; a warning at 80%.
  const meter = new Meter({
    budgets: [
      { name: 'co2-per-user-per-day', metric: 'gwp', limit: 0.0015, window: 'day', per: 'user', policy: 'block' },
      { name: 'water-per-day', metric: 'water', limit: 0.03, window: 'day', warnAt: 0.5 },
    ],
  });
  meter.on('budget-warning', (event) => {
    print(`warning: ${event.name}${event.tag ? ` for ${event.tag.key} ${event.tag.value}` : ''} at ${Math.round(event.fraction * 100)}%`);
  });
  meter.on('budget-exceeded', (event) => {
    print(`exceeded: ${event.name}${event.tag ? ` for ${event.tag.key} ${event.tag.value}` : ''} (resets ${event.resetsAt})`);
  });

  // Every recorded request becomes one line of the ledger (no prompt or completion text).
  const path = join(directory, 'impact.jsonl');
  const ledger = new Ledger(path, { onError: (error) => print(`ledger: ${error.message}`) });
  ledger.attach(meter);

  for (const { user, feature, ...request } of REQUESTS) {
    const target = { provider: request.provider, model: request.model, tags: { user } };
    try {
      // "May this request go?" — asked before anything is sent.
      meter.assertWithinBudget(target);
    } catch (error) {
      if (!BudgetExceededError.isInstance(error)) throw error;
      print(`refused: ${user}'s ${request.model} request (${error.budget}: ${formatCarbon(error.spent)} of ${formatCarbon(error.limit)}, resets ${error.resetsAt?.toISOString()})`);
      continue;
    }
    // A scoped meter tags everything recorded through it.
    const scoped = meter.child({ feature });
    scoped.record(estimate({ ...request, latencyMs: 3000 }), { tags: { user }, operation: 'chat', status: 'completed' });
  }
  await ledger.close();

  const { totals, byTag, windows } = meter.snapshot();
  print(`recorded ${totals.requests} requests: ${formatEnergy(totals.energy.value)}, ${formatCarbon(totals.gwp.value)}, ${formatWater(totals.water.value)}`);
  for (const [user, userTotals] of Object.entries(byTag.user ?? {})) print(`  user ${user}: ${formatCarbon(userTotals.gwp.value)}`);
  for (const [feature, featureTotals] of Object.entries(byTag.feature ?? {})) print(`  feature ${feature}: ${formatCarbon(featureTotals.gwp.value)}`);
  print(`last hour: ${windows.hour.totals.requests} requests`);
  print(`that is ${equivalents(totals).map((equivalent) => formatEquivalent(equivalent)).join(', ')}`);
  print(`en français : ${equivalents(totals, { only: ['petrol-car-km', 'smartphone-charges'] }).map((equivalent) => formatEquivalent(equivalent, { locale: 'fr' })).join(', ')}`);
  const year = perDayForAYear(totals, 1);
  print(`the same day, every day for a year: ${formatCarbon(year.gwp.value)} ≈ ${formatEquivalent(equivalents(year, { only: ['petrol-car-km'] })[0])}`);

  // After a restart: read the ledger back into a fresh meter; budgets pick up where they were.
  const restarted = new Meter({ budgets: [{ name: 'co2-per-user-per-day', metric: 'gwp', limit: 0.0015, window: 'day', per: 'user', policy: 'block' }] });
  const { records, warnings } = await loadLedger(path, restarted);
  print(`ledger ${records} lines read back, ${warnings.length} skipped; totals match: ${restarted.snapshot().totals.gwp.value === totals.gwp.value}`);
  const ada = restarted.budgetStatus({ provider: 'openai', model: 'gpt-4o', tags: { user: 'ada' } })[0];
  print(`ada after restart: ${ada?.state} (${Math.round((ada?.fraction ?? 0) * 100)}% of her daily CO2e)`);
  return { path, totals, restarted: restarted.snapshot().totals };
}
