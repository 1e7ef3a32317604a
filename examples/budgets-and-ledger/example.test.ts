import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { run } from './example.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-example-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

it('meters, warns, refuses a user over budget, writes the ledger and reads it back', async () => {
  const lines: string[] = [];
  const { path, totals, restarted } = await run({ directory, print: (line: string) => lines.push(line) });
  const output = lines.join('\n');
  expect(output).toMatch(/warning: co2-per-user-per-day for user ada at \d+%/);
  expect(output).toMatch(/exceeded: co2-per-user-per-day for user ada/);
  expect(output).toMatch(/refused: ada's gpt-4o-mini request \(co2-per-user-per-day/);
  expect(output).not.toMatch(/refused: (bob|cy)/);
  expect(output).toMatch(/by petrol car/);
  expect(output).toMatch(/en voiture thermique/);
  expect(output).toMatch(/totals match: true/);
  expect(output).toMatch(/ada after restart: exceeded/);
  const ledgerLines = (await readFile(path, 'utf8')).trim().split('\n');
  expect(ledgerLines).toHaveLength(totals.requests);
  expect(totals.requests).toBeLessThan(6);
  expect(restarted.gwp.value).toBe(totals.gwp.value);
});
