// "Use a model that fits the task", made concrete: the same work on several providers, models and
// zones, ranked, with what moving from the current choice saves, scaled to a year.
import {
  compare,
  equivalents,
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatWater,
  perDayForAYear,
} from '@wattlens/core';

/** The current choice first, then the alternatives (`provider/model`, or `provider/model@ZONE`). */
const CANDIDATES = [
  'openai/gpt-4o',
  'openai/gpt-4o-mini',
  'mistral/mistral-small-latest',
  'huggingface/meta-llama/Llama-3.1-8B-Instruct',
  'huggingface/meta-llama/Llama-3.1-8B-Instruct@FRA',
];

/**
 * Runs the example.
 *
 * @param {{ print?: (line: string) => void }} [options] - How to print.
 */
export function run({ print = console.log } = {}) {
  // A support bot: 400 tokens of question and context in, 300 tokens of answer out.
  const workload = { inputTokens: 400, outputTokens: 300 };
  const result = compare(workload, CANDIDATES, { metric: 'gwp' });
  print(`Same work (${workload.inputTokens} in, ${workload.outputTokens} out), ranked by CO2e; current choice ${result.current}:`);
  for (const row of result.rows) {
    // Rounded down, so that a 99.7% saving never reads as 100%.
    const change = row.current ? 'current' : `${row.savingsFraction >= 0 ? 'saves' : 'costs'} ${Math.floor(Math.abs(row.savingsFraction) * 100)}%`;
    const ratio = row.ratioToBest < 10 ? row.ratioToBest.toFixed(1) : Math.round(row.ratioToBest).toString();
    print(`  ${row.rank}. ${row.label.padEnd(50)} ${formatCarbon(row.impacts.gwp.value).padStart(14)} ${formatEnergy(row.impacts.energy.value).padStart(10)} ${formatWater(row.impacts.water.value).padStart(9)}  ×${ratio.padEnd(5)} ${change}`);
  }

  // The habit: 5,000 such answers a day, for a year, on the current choice and on the best one.
  const best = result.rows[0];
  const current = result.rows.find((row) => row.current);
  const currentYear = perDayForAYear(current.impacts, 5000);
  const bestYear = perDayForAYear(best.impacts, 5000);
  print(`5,000 answers a day for a year with ${current.label}: ${formatCarbon(currentYear.gwp.value)} ≈ ${formatEquivalent(equivalents(currentYear, { only: ['petrol-car-km'] })[0])}`);
  print(`…with ${best.label}: ${formatCarbon(bestYear.gwp.value)} ≈ ${formatEquivalent(equivalents(bestYear, { only: ['petrol-car-km'] })[0])}`);

  // A batch of real requests (e.g. read from a ledger) compares the same way.
  const batch = compare(
    [{ inputTokens: 120, outputTokens: 40 }, { inputTokens: 3000, outputTokens: 900 }, { inputTokens: 800, outputTokens: 200 }],
    ['openai/gpt-4o', 'openai/gpt-4o-mini'],
    { metric: 'energy' },
  );
  print(`A batch of ${batch.requests} requests: ${batch.rows.map((row) => `${row.label} ${formatEnergy(row.impacts.energy.value)}`).join(' vs ')}`);
  return result;
}
