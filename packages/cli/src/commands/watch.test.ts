import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { estimate, toImpactRecord } from '@wattlens/core';
import { main } from '../main';
import { captureIO } from '../../test/capture-io';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-cli-watch-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function capture(options: { readonly terminal?: { columns: number; rows: number }; readonly env?: Record<string, string> } = {}) {
  const captured = captureIO({ cwd: directory, ...options });
  return { ...captured, stop: () => captured.interrupt() };
}

function line(model: string, outputTokens = 120): string {
  return `${JSON.stringify(toImpactRecord(estimate({ provider: 'openai', model, inputTokens: 300, outputTokens }), { operation: 'chat' }))}\n`;
}

describe('wattlens watch', () => {
  it('prints one plain line per change when stdout is not a terminal, and stops on Ctrl-C', async () => {
    await writeFile(join(directory, 'impact.jsonl'), line('gpt-4o'));
    const { io, out, stop } = capture();
    const running = main(['watch', '--ledger', 'impact.jsonl'], io);
    await vi.waitFor(() => expect(out()).toMatch(/ 1 request /), { timeout: 5000 });
    expect(out()).toMatch(/^Following impact\.jsonl: one line each time its totals change\. Press Ctrl-C to stop\.\n\d\d:\d\d:\d\d UTC {2}1 request {2}/);
    await appendFile(join(directory, 'impact.jsonl'), line('gpt-4o-mini') + line('gpt-4o-mini', 40));
    await vi.waitFor(() => expect(out()).toMatch(/ 3 requests /), { timeout: 5000 });
    stop();
    expect(await running).toBe(0);
    expect(out()).toMatch(/Stopped\.\n$/);
    expect(out()).not.toMatch(/\u001B/);
    // One line per change: never the same totals twice in a row.
    const lines = out().split('\n').filter((text) => /UTC/.test(text)).map((text) => text.replace(/^\S+ UTC/, ''));
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('redraws a live view in place on a terminal, and gives the cursor back', async () => {
    const { io, out, stop } = capture({ terminal: { columns: 100, rows: 30 } });
    const running = main(['watch'], io);
    await vi.waitFor(() => expect(out()).toMatch(/WattLens/), { timeout: 5000 });
    expect(out().startsWith('\u001B[?25l')).toBe(true);
    expect(out()).toMatch(/\u001B\[1mWattLens · live · impact\.jsonl/);
    const text = (): string => out().replace(/\u001B\[[0-9;]*m/g, '');
    expect(text()).toMatch(/Requests {5}0 requests/);
    await writeFile(join(directory, 'impact.jsonl'), line('gpt-4o') + line('gpt-4o'));
    await vi.waitFor(() => expect(text()).toMatch(/Requests {5}2 requests/), { timeout: 5000 });
    expect(out()).toMatch(/\r\u001B\[\d+A/);
    expect(out()).toMatch(/openai\/gpt-4o/);
    stop();
    expect(await running).toBe(0);
    expect(out().endsWith('\u001B[?25h')).toBe(true);
  });

  it('leaves colours out with NO_COLOR, and speaks French with --locale fr', async () => {
    await writeFile(join(directory, 'impact.jsonl'), line('gpt-4o'));
    const { io, out, stop } = capture({ terminal: { columns: 100, rows: 30 }, env: { NO_COLOR: '1' } });
    const running = main(['watch', '--locale', 'fr'], io);
    await vi.waitFor(() => expect(out()).toMatch(/en voiture thermique/), { timeout: 5000 });
    expect(out()).not.toMatch(/\u001B\[[0-9;]*m/);
    expect(out()).toMatch(/\u001B\[K/);
    stop();
    expect(await running).toBe(0);
  });

  it.each([
    [['--locale', 'de'], /--locale must be one of en, fr/],
    [['--ledger', '.'], /is a directory/],
    [['extra'], /extra/],
  ])('exits 2 with a one-line message on bad arguments %j', async (extra, pattern) => {
    const { io, err } = capture();
    expect(await main(['watch', ...extra], io)).toBe(2);
    expect(err()).toMatch(pattern);
  });

  it('prints its help', async () => {
    const { io, out } = capture();
    expect(await main(['watch', '--help'], io)).toBe(0);
    expect(out()).toMatch(/--plain/);
  });
});
