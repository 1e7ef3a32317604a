import { expect, it } from 'vitest';
import { run } from './example.js';

it('meters chat on three providers, a Groq stream and embeddings against the simulator', async () => {
  const lines: string[] = [];
  const { totals, byProvider } = await run({ print: (line: string) => lines.push(line) });
  const output = lines.join('\n');
  expect(output).toMatch(/local simulator/);
  expect(output).toMatch(/together: .* \(zone USA\)/);
  expect(output).toMatch(/nscale: .* \(zone NOR\)/);
  expect(output).toMatch(/groq stream: \d+ chunks/);
  expect(output).toMatch(/embeddings: 2 vectors, \d+ tokens \(counted\)/);
  expect(totals.requests).toBe(5);
  expect(Object.keys(byProvider).sort()).toEqual(['groq', 'hf-inference', 'nscale', 'together']);
  // Norway's hydropower grid: less CO2e than the same request in the United States.
  expect(byProvider.nscale!.gwp.value).toBeLessThan(byProvider.together!.gwp.value);
}, 60_000);
