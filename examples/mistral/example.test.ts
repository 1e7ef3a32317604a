import { expect, it } from 'vitest';
import { run } from './example.js';

it('meters chat, streams (full and left early) and embeddings against the simulator', async () => {
  const lines: string[] = [];
  const { totals } = await run({ print: (line: string) => lines.push(line) });
  const output = lines.join('\n');
  expect(output).toMatch(/local simulator/);
  expect(output).toMatch(/\[chat\] mistral-small-latest \d+\+\d+ tokens \(reported\) in SWE/);
  expect(output).toMatch(/\[chat, streamed\] mistral-small-latest/);
  expect(output).toMatch(/\[embeddings\] mistral-embed/);
  expect(output).toMatch(/stream left early: [1-9]\d* tokens recorded/);
  expect(output).toMatch(/total: 4 requests/);
  expect(output).toMatch(/ada: 1 request/);
  expect(totals.requests).toBe(4);
  expect(totals.aborted).toBe(1);
}, 60_000);
