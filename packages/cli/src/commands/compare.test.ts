import { describe, expect, it } from 'vitest';
import { estimate, type Comparison } from '@wattlens/core';
import { main } from '../main';
import { captureIO } from '../../test/capture-io';

const capture = () => captureIO();

const MODELS = 'openai/gpt-4o,openai/gpt-4o-mini,mistral/mistral-small-latest,huggingface/meta-llama/Llama-3.1-8B-Instruct';
const base = ['compare', '--input-tokens', '400', '--output-tokens', '300', '--models', MODELS, '--methodology', 'ecologits'];

function direct(spec: string, zone?: string): number {
  const slash = spec.indexOf('/');
  return estimate(
    { provider: spec.slice(0, slash), model: spec.slice(slash + 1), inputTokens: 400, outputTokens: 300 },
    { methodology: 'ecologits', ...(zone === undefined ? {} : { zone }) },
  ).gwp.value;
}

describe('wattlens compare', () => {
  it('--json ranks the candidates by CO2e with ratios to the best and savings from the first', async () => {
    const { io, out } = capture();
    expect(await main([...base, '--json'], io)).toBe(0);
    const result = JSON.parse(out()) as Comparison;
    const specs = MODELS.split(',');
    const expected = specs.map((spec) => ({ spec, gwp: direct(spec) })).sort((a, b) => a.gwp - b.gwp);
    expect(result.metric).toBe('gwp');
    expect(result.current).toBe('openai/gpt-4o');
    expect(result.rows.map((row) => row.label)).toEqual(expected.map((entry) => entry.spec));
    const best = expected[0]!.gwp;
    const current = direct('openai/gpt-4o');
    for (const row of result.rows) {
      const gwp = direct(row.label);
      expect(row.impacts.gwp.value).toBeCloseTo(gwp, 15);
      expect(row.ratioToBest).toBeCloseTo(gwp / best, 9);
      expect(row.savingsFraction).toBeCloseTo((current - gwp) / current, 9);
    }
    expect(result.rows.find((row) => row.current)?.label).toBe('openai/gpt-4o');
  });

  it('applies --zone to every candidate and @ZONE to one', async () => {
    const { io, out } = capture();
    expect(await main(['compare', '--output-tokens', '300', '--models', 'openai/gpt-4o-mini@USA,openai/gpt-4o-mini', '--zone', 'FRA', '--json', '--methodology', 'ecologits'], io)).toBe(0);
    const result = JSON.parse(out()) as Comparison;
    expect(result.rows.map((row) => row.label)).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o-mini@USA']);
    expect(result.rows[1]!.ratioToBest).toBeCloseTo(direct('openai/gpt-4o-mini', 'USA') / direct('openai/gpt-4o-mini', 'FRA'), 6);
    expect(result.rows[0]!.savingsFraction).toBeGreaterThan(0.5);
  });

  it('prints a ranked table with the saving of the best move', async () => {
    const { io, out } = capture();
    expect(await main([...base, '--requests', '1000'], io)).toBe(0);
    const text = out();
    expect(text).toMatch(/× 1000 requests/);
    expect(text).toMatch(/openai\/gpt-4o \(current\)/);
    expect(text).toMatch(/Moving from openai\/gpt-4o to /);
    expect(text).toMatch(/saves \d+%/);
    const lines = text.split('\n');
    const rankOne = lines.find((line) => /^\s+1\s/.test(line));
    expect(rankOne).toMatch(/1\.0×/);
  });

  it('ranks by another metric with --metric', async () => {
    const { io, out } = capture();
    expect(await main([...base, '--metric', 'water', '--json'], io)).toBe(0);
    const result = JSON.parse(out()) as Comparison;
    expect(result.metric).toBe('water');
    const values = result.rows.map((row) => row.impacts.water.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it.each([
    [['compare', '--output-tokens', '3'], /--models is required/],
    [['compare', '--models', 'gpt-4o'], /provider\/model/],
    [['compare', '--models', 'openai/gpt-4o,,openai/gpt-4o-mini'], /comma-separated/],
    [['compare', '--models', 'openai/gpt-4o', '--metric', 'co2'], /--metric/],
    [['compare', '--models', 'openai/gpt-4o', '--output-tokens', '-1'], /output-tokens/],
    [['compare', '--models', 'openai/gpt-4o', '--current', 'nope'], /current/],
  ])('exits 2 with a one-line message on bad arguments %j', async (argv, pattern) => {
    const { io, err, out } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err()).toMatch(pattern);
    expect(err().trim().split('\n')).toHaveLength(1);
    expect(out()).toBe('');
  });
});
