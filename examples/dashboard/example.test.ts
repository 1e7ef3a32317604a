import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { run } from './example.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-example-dashboard-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

it('serves the dashboard of the meter, with every provider used, and writes the ledger', async () => {
  const lines: string[] = [];
  const { dashboard, close, path } = await run({ directory, requests: 7, print: (line: string) => lines.push(line) });
  try {
    expect(lines[0]).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lines.at(-1)).toMatch(/ 7 requests /);
    const page = await fetch(dashboard.url);
    expect(page.status).toBe(200);
    const snapshot = await (await fetch(new URL('/api/snapshot', dashboard.url))).json() as {
      totals: { requests: number };
      byProvider: Record<string, { requests: number }>;
      budgets: { name: string }[];
    };
    expect(snapshot.totals.requests).toBe(7);
    expect(Object.keys(snapshot.byProvider).sort()).toEqual(['huggingface', 'mistral', 'openai']);
    expect(snapshot.budgets.map((budget) => budget.name)).toEqual(['co2-per-day', 'water-per-hour']);
  } finally {
    await close();
  }
  expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(7);
  await expect(fetch(dashboard.url)).rejects.toThrow();
});
