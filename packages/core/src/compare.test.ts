import { describe, expect, it } from 'vitest';
import { compare, parseCandidate } from './compare';
import { estimate } from './estimate';

const workload = { inputTokens: 400, outputTokens: 300 };
const options = { methodology: 'ecologits' } as const;

describe('parseCandidate', () => {
  it('splits the provider at the first slash and the zone at a trailing @', () => {
    expect(parseCandidate('openai/gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o' });
    expect(parseCandidate('huggingface/meta-llama/Llama-3.1-8B-Instruct')).toEqual({ provider: 'huggingface', model: 'meta-llama/Llama-3.1-8B-Instruct' });
    expect(parseCandidate('mistral/mistral-small-latest@FRA')).toEqual({ provider: 'mistral', model: 'mistral-small-latest', zone: 'FRA' });
  });

  it.each(['gpt-4o', '/gpt-4o', 'openai/', 'openai/gpt-4o@'])('rejects %j', (spec) => {
    expect(() => parseCandidate(spec)).toThrow(/provider\/model/);
  });
});

describe('compare', () => {
  it('ranks candidates by the metric with ratios to the best and savings from the current choice', () => {
    const candidates = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'mistral/ministral-8b-latest'];
    const result = compare(workload, candidates, options);
    const direct = candidates.map((spec) => {
      const { provider, model } = parseCandidate(spec);
      return { label: spec, report: estimate({ ...workload, provider, model }, options) };
    });
    const sorted = [...direct].sort((a, b) => a.report.gwp.value - b.report.gwp.value);
    expect(result.metric).toBe('gwp');
    expect(result.current).toBe('openai/gpt-4o');
    expect(result.rows.map((row) => row.label)).toEqual(sorted.map((entry) => entry.label));
    expect(result.rows.map((row) => row.rank)).toEqual([1, 2, 3]);
    const best = sorted[0]!.report.gwp.value;
    const current = direct[0]!.report;
    for (const row of result.rows) {
      const report = direct.find((entry) => entry.label === row.label)!.report;
      expect(row.impacts.gwp).toEqual(report.gwp);
      expect(row.ratioToBest).toBeCloseTo(report.gwp.value / best, 12);
      expect(row.savingsFraction).toBeCloseTo((current.gwp.value - report.gwp.value) / current.gwp.value, 12);
      expect(row.savings.energy.value).toBeCloseTo(current.energy.value - report.energy.value, 15);
      expect(row.savings.energy.min).toBeCloseTo(current.energy.min - report.energy.max, 15);
      expect(row.savings.energy.max).toBeCloseTo(current.energy.max - report.energy.min, 15);
      expect(row.savings.energy.min).toBeLessThanOrEqual(row.savings.energy.value);
      expect(row.savings.energy.value).toBeLessThanOrEqual(row.savings.energy.max);
    }
    expect(result.rows[0]!.ratioToBest).toBe(1);
    const currentRow = result.rows.find((row) => row.current);
    expect(currentRow?.label).toBe('openai/gpt-4o');
    expect(currentRow?.savingsFraction).toBe(0);
  });

  it('compares the same model across zones, ranking the cleaner grid first on CO2e and equal on energy', () => {
    const result = compare(workload, ['openai/gpt-4o-mini@USA', 'openai/gpt-4o-mini@FRA'], options);
    expect(result.rows[0]?.label).toBe('openai/gpt-4o-mini@FRA');
    expect(result.rows[0]?.impacts.energy.value).toBeCloseTo(result.rows[1]!.impacts.energy.value, 15);
    const byEnergy = compare(workload, ['openai/gpt-4o-mini@USA', 'openai/gpt-4o-mini@FRA'], { ...options, metric: 'energy' });
    expect(byEnergy.rows.map((row) => row.ratioToBest)).toEqual([1, 1]);
    expect(byEnergy.rows[0]?.label).toBe('openai/gpt-4o-mini@USA');
  });

  it('repeats a uniform workload and sums a list of requests', () => {
    const once = compare(workload, ['openai/gpt-4o'], options);
    const many = compare({ ...workload, requests: 1000 }, ['openai/gpt-4o'], options);
    expect(many.requests).toBe(1000);
    expect(many.rows[0]!.impacts.water.max).toBeCloseTo(once.rows[0]!.impacts.water.max * 1000, 9);
    const list = [{ inputTokens: 100, outputTokens: 50 }, { inputTokens: 2000, outputTokens: 800 }];
    const summed = compare(list, ['mistral/ministral-8b-latest'], options);
    const expected = list.reduce((sum, request) => sum + estimate({ ...request, provider: 'mistral', model: 'ministral-8b-latest' }, options).energy.value, 0);
    expect(summed.requests).toBe(2);
    expect(summed.rows[0]!.impacts.energy.value).toBeCloseTo(expected, 15);
  });

  it('takes the current choice by label and keeps the estimates’ warnings once', () => {
    const result = compare({ ...workload, requests: 3 }, ['openai/gpt-4o', { provider: 'acme', model: 'mystery-large', label: 'acme' }], { ...options, current: 'acme' });
    expect(result.current).toBe('acme');
    const acme = result.rows.find((row) => row.label === 'acme');
    expect(acme?.current).toBe(true);
    expect(acme?.warnings.map((warning) => warning.code).sort()).toEqual(['model-unknown', 'provider-unknown']);
  });

  it('rejects bad input', () => {
    expect(() => compare(workload, [], options)).toThrow(/candidates/);
    expect(() => compare(workload, ['openai/gpt-4o'], { ...options, current: 'nope' })).toThrow(/options.current/);
    expect(() => compare(workload, ['openai/gpt-4o'], { ...options, metric: 'co2' as never })).toThrow(/options.metric/);
    expect(() => compare([], ['openai/gpt-4o'], options)).toThrow(/workload/);
    expect(() => compare({ outputTokens: -1 }, ['openai/gpt-4o'], options)).toThrow(/outputTokens/);
  });
});
