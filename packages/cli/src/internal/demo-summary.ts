import {
  equivalents,
  formatCarbon,
  formatEnergy,
  formatEquivalent,
  formatRange,
  formatWater,
  type EquivalentId,
  type ImpactTotals,
} from '@wattlens/core';

/** The everyday comparisons of the summary: one in CO2e, two in energy. */
const SUMMARY_EQUIVALENTS: readonly EquivalentId[] = ['petrol-car-km', 'smartphone-charges', 'video-streaming-hours'];

/**
 * The one-line summary the demo prints at its end: requests, energy (with its range), CO2e,
 * water, and everyday equivalents.
 *
 * @param totals - The meter's totals.
 * @returns e.g. `36 requests · 1.44 Wh (356 mWh – 22 Wh) · 481 mg CO2e · 5.72 mL of water · ≈ 2.2 m by petrol car, …`.
 */
export function demoSummaryLine(totals: ImpactTotals): string {
  const requests = `${totals.requests} ${totals.requests === 1 ? 'request' : 'requests'}`;
  const problems = [totals.failed > 0 ? `${totals.failed} failed` : '', totals.aborted > 0 ? `${totals.aborted} aborted` : ''].filter(Boolean);
  const compared = equivalents(totals, { only: SUMMARY_EQUIVALENTS }).map((equivalent) => formatEquivalent(equivalent));
  return [
    problems.length === 0 ? requests : `${requests} (${problems.join(', ')})`,
    formatRange(totals.energy, formatEnergy),
    formatCarbon(totals.gwp.value),
    `${formatWater(totals.water.value)} of water`,
    `≈ ${compared.join(', ')}`,
  ].join(' · ');
}
