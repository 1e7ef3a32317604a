import { expect, it } from 'vitest';
import { BudgetExceededError } from '@wattlens/core';
import { run } from './example.js';

it('records each call once through the hooks, isolates a failing hook and refuses over budget before sending', async () => {
  const lines: string[] = [];
  const { meter, refused, calls } = await run({ print: (line: string) => lines.push(line) });
  const output = lines.join('\n');
  expect(output).toMatch(/\[completed\] llama3\.1:8b 5\+40 tokens/);
  expect(output).toMatch(/per-call hook: ada's summary cost/);
  expect(output).toMatch(/\(ada\)/);
  expect(output).toMatch(/on-impact error reported: TypeError; the request went on/);
  expect(output).toMatch(/\[failed\] llama3\.1:8b/);
  expect(output).toMatch(/the caller still gets the provider's error: ServerError/);
  expect(output).not.toMatch(/a secret question/);
  expect(BudgetExceededError.isInstance(refused)).toBe(true);
  expect(refused?.budget).toBe('hourly-energy');
  // Every model call was recorded exactly once, the refused one was never sent.
  expect(meter.snapshot().totals.requests).toBe(calls);
  expect(meter.snapshot().byTag['app']?.['example']?.requests).toBe(calls);
  expect(meter.snapshot().totals.failed).toBe(1);
  expect(output).toMatch(/requests recorded: \d+, 1 of them failed/);
});
