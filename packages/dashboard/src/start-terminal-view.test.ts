import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { estimate, Meter, toImpactRecord } from '@wattlens/core';
import { startTerminalView } from './start-terminal-view';

function report(outputTokens = 200): ReturnType<typeof estimate> {
  return estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 300, outputTokens, latencyMs: 2000 });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('startTerminalView', () => {
  it('draws a live view, then redraws it in place as requests come in, and restores the cursor on stop', async () => {
    vi.useFakeTimers();
    const meter = new Meter();
    const writes: string[] = [];
    const view = await startTerminalView({ meter, write: (text) => writes.push(text), size: () => ({ columns: 90, rows: 40 }), color: false });
    expect(writes).toHaveLength(1);
    const first = writes[0] ?? '';
    expect(first.startsWith('\u001B[?25l')).toBe(true);
    expect(first).toMatch(/Requests {5}0 requests/);
    const firstLines = first.split('\n').length - 1;
    expect(first.endsWith('\u001B[J')).toBe(true);

    meter.record(report());
    meter.record(report(400));
    expect(writes).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(2);
    const second = writes[1] ?? '';
    // Back to the top of the previous frame, then every line rewritten and cleared to its end.
    expect(second.startsWith(`\r\u001B[${firstLines}A`)).toBe(true);
    expect(second).toMatch(/Requests {5}2 requests · 600 in \+ 600 out tokens/);
    expect(second.split('\n').slice(0, -1).every((line) => line.endsWith('\u001B[K'))).toBe(true);

    vi.advanceTimersByTime(1000);
    expect(writes).toHaveLength(3);
    expect(view.snapshot().totals.requests).toBe(2);

    await view.stop();
    expect(writes.at(-1)).toBe('\u001B[?25h');
    meter.record(report());
    vi.advanceTimersByTime(5000);
    expect(writes.at(-1)).toBe('\u001B[?25h');
  });

  it('keeps each frame one line shorter than the terminal', async () => {
    vi.useFakeTimers();
    const meter = new Meter({ budgets: [{ name: 'a', metric: 'gwp', limit: 1, window: 'day' }, { name: 'b', metric: 'energy', limit: 1, window: 'day' }] });
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini']) meter.record(estimate({ provider: 'openai', model, inputTokens: 10, outputTokens: 10 }));
    const writes: string[] = [];
    const view = await startTerminalView({ meter, write: (text) => writes.push(text), size: () => ({ columns: 80, rows: 12 }) });
    expect((writes[0] ?? '').split('\n').length - 1).toBeLessThanOrEqual(11);
    await view.stop();
  });

  it('writes one plain line per change in plain mode, and each budget event once', async () => {
    vi.useFakeTimers();
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-9, window: 'day' }] });
    const writes: string[] = [];
    const view = await startTerminalView({ meter, mode: 'plain', write: (text) => writes.push(text) });
    expect(writes).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d UTC {2}0 requests {2}0 kWh/)]);
    vi.advanceTimersByTime(3000);
    expect(writes).toHaveLength(1);

    meter.record(report());
    vi.advanceTimersByTime(100);
    // The request crossed both thresholds at once: the exceeded event alone is printed.
    expect(writes.slice(1)).toEqual([
      expect.stringMatching(/ {2}1 request {2}.*last minute: 1 request, /),
      expect.stringMatching(/ {2}budget-exceeded tiny at \d+%: .* of 1 µWh\n$/),
    ]);
    meter.record(report());
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(4);
    expect(writes.join('')).not.toMatch(/\u001B/);
    await view.stop();
  });

  it('follows a ledger file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'wattlens-watch-'));
    const path = join(directory, 'impact.jsonl');
    const writes: string[] = [];
    const view = await startTerminalView({ ledger: path, mode: 'plain', pollIntervalMs: 10, write: (text) => writes.push(text) });
    try {
      await appendFile(path, `${JSON.stringify(toImpactRecord(report()))}\n${JSON.stringify(toImpactRecord(report()))}\n`);
      await expect.poll(() => writes.at(-1), { timeout: 5000 }).toMatch(/ {2}2 requests {2}/);
      expect(view.snapshot().sources).toEqual({ meter: false, ledger: 'impact.jsonl' });
    } finally {
      await view.stop();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('needs a meter or a ledger', async () => {
    await expect(startTerminalView({ write: () => undefined })).rejects.toThrow(/a meter or a ledger file/);
  });
});
