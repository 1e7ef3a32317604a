import { BudgetExceededError } from '@wattlens/core';
import { expect, it } from 'vitest';
import { run } from './example.js';

it('reports every call against the simulator, hides nothing from the caller and refuses over budget before sending', async () => {
  const lines: string[] = [];
  const { totals, refused, requestsSent } = await run({ latency: 'none', print: (line: string) => lines.push(line) });
  const output = lines.join('\n');
  expect(output).toMatch(/Using the local simulator/);
  expect(output).toMatch(/\[chat, completed\] gpt-4o-mini \d+\+\d+ tokens \(reported\)/);
  expect(output).toMatch(/JSON has "impact": false/);
  expect(output).toMatch(/\[chat, streamed, completed\]/);
  expect(output).toMatch(/stream: \d+ characters, \d+ tokens \(reported\)/);
  expect(output).toMatch(/stream left early: request aborted: true/);
  expect(output).toMatch(/\[chat, streamed, aborted\] gpt-4o-mini \d+\+\d+ tokens \(counted\)/);
  expect(output).toMatch(/\[embeddings, completed\]/);
  expect(output).toMatch(/image: .* \(.*modality-estimated.*\)/);
  expect(output).toMatch(/speech: [\d.]+ s of audio/);
  expect(output).toMatch(/ada: 2 requests/);
  // The prompt never appears in what WattLens prints.
  expect(output).not.toMatch(/why do data centers use water/);
  expect(BudgetExceededError.isInstance(refused)).toBe(true);
  expect(refused?.budget).toBe('hourly-energy');
  // Eight requests reached the simulator and were recorded; the refused one was never sent.
  expect(requestsSent).toBe(8);
  expect(totals.requests).toBe(8);
  expect(totals.aborted).toBe(1);
});
