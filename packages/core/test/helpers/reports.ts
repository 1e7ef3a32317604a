import { estimate } from '../../src/estimate';
import type { ImpactReport, Impacts, Range } from '../../src/impact-report';

/** A real report from `estimate()`, computed once per provider/model. */
const cache = new Map<string, ImpactReport>();

export function realReport(provider = 'openai', model = 'gpt-4o-mini', inputTokens = 400, outputTokens = 300): ImpactReport {
  const key = `${provider}/${model}/${inputTokens}/${outputTokens}`;
  let report = cache.get(key);
  if (report === undefined) {
    report = estimate({ provider, model, inputTokens, outputTokens, latencyMs: 4000 }, { methodology: 'ecologits' });
    cache.set(key, report);
  }
  return report;
}

export function range(value: number, spread = 0.5): Range {
  return { value, min: value * (1 - spread), max: value * (1 + spread) };
}

/** A real report whose five impacts are replaced by the given ones (to test aggregation with chosen figures). */
export function reportWith(impacts: Partial<Impacts>, provider = 'openai', model = 'gpt-4o-mini'): ImpactReport {
  const base = realReport(provider, model);
  return { ...base, ...impacts };
}

/** A report whose every impact is `value` (exact), for budget arithmetic that reads well. */
export function reportOf(value: number, provider = 'openai', model = 'gpt-4o-mini'): ImpactReport {
  const exact = { value, min: value, max: value };
  return reportWith({ energy: exact, gwp: exact, adpe: exact, pe: exact, water: exact }, provider, model);
}
