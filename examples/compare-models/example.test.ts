import { expect, it } from 'vitest';
import { run } from './example.js';

it('ranks the candidates, the best first, and scales the habit to a year', () => {
  const lines: string[] = [];
  const result = run({ print: (line: string) => lines.push(line) });
  expect(result.rows).toHaveLength(5);
  expect(result.rows[0]?.ratioToBest).toBe(1);
  const values = result.rows.map((row) => row.impacts.gwp.value);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  expect(result.current).toBe('openai/gpt-4o');
  // The same model on the French grid emits less CO2e than on its provider's default grid.
  const fra = result.rows.find((row) => row.label.endsWith('@FRA'));
  const usa = result.rows.find((row) => row.label === 'huggingface/meta-llama/Llama-3.1-8B-Instruct');
  expect(fra!.impacts.gwp.value).toBeLessThan(usa!.impacts.gwp.value);
  const output = lines.join('\n');
  expect(output).toMatch(/1\. .*×1\.0/);
  expect(output).toMatch(/openai\/gpt-4o .* current/);
  expect(output).toMatch(/5,000 answers a day for a year with openai\/gpt-4o: .* by petrol car/);
  expect(output).toMatch(/A batch of 3 requests: openai\/gpt-4o-mini .* vs openai\/gpt-4o/);
});
