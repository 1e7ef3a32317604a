import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatCarbon, formatEnergy, formatRange, formatWater, parseImpactRecord, type ImpactRecord, type Range } from '@wattlens/core';
import type { DashboardSnapshot } from '@wattlens/dashboard';
// The dashboard serves its page from its built assets; build them as its own tests do.
import { buildClientAssets } from '../../../dashboard/test/build-client-assets';
import type { CliIO } from '../cli-io';
import { runDemo } from '../internal/demo-run';
import { DEFAULT_DEMO_REQUESTS, DEMO_SCRIPT, DEMO_USERS, demoInstructions } from '../internal/demo-script';
import { main } from '../main';
import { captureIO, type CapturedIO } from '../../test/capture-io';

let directory: string;

beforeAll(async () => {
  await buildClientAssets();
}, 60_000);

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-cli-demo-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

type Captured = CapturedIO;

function capture(onStdout: (text: string, captured: Captured) => void = () => undefined): Captured {
  return captureIO({ cwd: directory, onStdout });
}

async function ledgerRecords(name: string): Promise<ImpactRecord[]> {
  const text = await readFile(join(directory, name), 'utf8');
  return text.trimEnd().split('\n').map((line) => parseImpactRecord(JSON.parse(line)));
}

function sum(records: readonly ImpactRecord[], metric: 'energy' | 'gwp' | 'water'): Range {
  return records.reduce<Range>(
    (total, record) => ({ value: total.value + record[metric].value, min: total.min + record[metric].min, max: total.max + record[metric].max }),
    { value: 0, min: 0, max: 0 },
  );
}

/** Every text the session sends, and the start of each (a leak may be cut): none may come out. */
function sentTexts(): string[] {
  const texts = [...DEMO_SCRIPT.flatMap((step) => step.texts), ...DEMO_USERS.map(demoInstructions)];
  return [...texts, ...texts.map((text) => text.slice(0, 24))];
}

/** Reads the dashboard's event stream up to the end of its first `snapshot` event. */
async function firstSnapshotEvent(url: string): Promise<string> {
  const response = await fetch(new URL('/api/events', url));
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('the event stream has no body');
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (!/event: snapshot\ndata: .*\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended before its first snapshot');
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel();
  }
  return text;
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('wattlens demo, headless', () => {
  it('sends N requests through the three SDKs into the ledger, prints a consistent summary and exits 0', async () => {
    const { io, out, err } = capture();
    const code = await main(['demo', '--latency', 'none', '--requests', '30', '--no-dashboard', '--ledger', 'impact.jsonl'], io);
    expect(err()).toBe('');
    expect(code).toBe(0);

    const records = await ledgerRecords('impact.jsonl');
    expect(records).toHaveLength(30);
    expect(new Set(records.map((record) => record.status))).toEqual(new Set(['completed']));
    // The three SDKs, through Hugging Face's router to its inference providers.
    expect(new Set(records.map((record) => record.provider))).toEqual(new Set(['openai', 'mistral', 'together', 'hf-inference']));
    expect(new Set(records.map((record) => record.operation))).toEqual(new Set(['chat', 'embeddings', 'images', 'summarization']));
    expect(records.some((record) => record.streamed === true)).toBe(true);
    expect(new Set(records.map((record) => record.model))).toEqual(new Set(DEMO_SCRIPT.map((step) => step.model)));
    for (const record of records) {
      expect(DEMO_USERS).toContain(record.tags['user']);
      expect(record.tags['feature']).toMatch(/^[a-z]+$/);
      // Every model of the session is known to the catalog the demo estimates with.
      expect(record.warnings).not.toContain('model-unknown');
    }

    // The summary is the ledger's totals.
    const summary = lastLine(out());
    expect(summary).toMatch(/^30 requests · /);
    expect(summary).toContain(formatRange(sum(records, 'energy'), formatEnergy));
    expect(summary).toContain(formatCarbon(sum(records, 'gwp').value));
    expect(summary).toContain(`${formatWater(sum(records, 'water').value)} of water`);
    expect(summary).toMatch(/≈ .+ by petrol car, .+ smartphone charges?, .+ of video streaming$/);
    expect(out()).toMatch(/^Demo: 30 requests through the OpenAI, Mistral and Hugging Face SDKs/);
    expect(out()).toContain('Ledger: impact.jsonl');

    // No prompt text anywhere.
    const ledgerText = await readFile(join(directory, 'impact.jsonl'), 'utf8');
    for (const text of sentTexts()) {
      expect(ledgerText.includes(text), `the ledger holds "${text}"`).toBe(false);
      expect(out().includes(text), `the output holds "${text}"`).toBe(false);
    }
  }, 60_000);

  it('shows a budget warning during the default session', async () => {
    const { io, out } = capture();
    expect(await main(['demo', '--latency', 'none', '--no-dashboard'], io)).toBe(0);
    expect(out()).toMatch(/^budget warning: team-co2e at \d+%, .+ CO2e of .+ CO2e$/m);
    expect(lastLine(out())).toMatch(new RegExp(`^${DEFAULT_DEMO_REQUESTS} requests · `));
  }, 60_000);

  it('stops on Ctrl-C, aborting the request in flight, and exits 130', async () => {
    // Realistic latency: the first reply takes at least the simulator's time to first token, and
    // Ctrl-C comes as soon as the session starts.
    const { io, out } = capture((text, captured) => {
      if (text.startsWith('Demo: ')) captured.interrupt();
    });
    const code = await main(['demo', '--no-dashboard', '--ledger', 'impact.jsonl'], io);
    expect(code).toBe(130);
    expect(out()).toContain(`Stopped after 0 of ${DEFAULT_DEMO_REQUESTS} requests.`);
    expect(lastLine(out())).toMatch(/^1 request \(1 aborted\) · /);
    const records = await ledgerRecords('impact.jsonl');
    expect(records.map((record) => [record.model, record.status])).toEqual([[DEMO_SCRIPT[0]?.model, 'aborted']]);
  }, 60_000);

  it.each([
    [['--requests', '0'], /--requests must be between 1 and 100000/],
    [['--requests', 'many'], /--requests must be a non-negative integer/],
    [['--latency', 'fast'], /--latency must be one of realistic, none/],
    [['--port', '70000'], /--port must be at most 65535/],
    [['--no-dashboard', '--port', '4747'], /--port sets the dashboard's port/],
    [['--ledger', '.'], /is a directory/],
    [['--ledger', 'missing/impact.jsonl'], /the directory of "missing\/impact\.jsonl" does not exist/],
    [['--seed', '-1'], /seed/],
    [['--verbose'], /verbose/],
  ])('exits 2 with a one-line message on bad arguments %j', async (extra, pattern) => {
    const { io, out, err } = capture();
    expect(await main(['demo', '--no-dashboard', '--latency', 'none', ...extra], io)).toBe(2);
    expect(err()).toMatch(pattern);
    expect(err().trimEnd().split('\n')).toHaveLength(1);
    expect(out()).toBe('');
  });

  it('prints its help, and is listed in the commands', async () => {
    const { io, out } = capture();
    expect(await main(['demo', '--help'], io)).toBe(0);
    expect(out()).toMatch(/--no-dashboard/);
    expect(out()).toMatch(/--latency realistic\|none/);
    const list = capture();
    await main(['--help'], list.io);
    expect(list.out()).toMatch(/demo +a scripted session through the three SDKs/);
  });

  it('runs as the built `wattlens` binary and exits by itself', () => {
    const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
    expect(existsSync(bin), 'build the CLI first (npm test does)').toBe(true);
    // A handle left open (a server, a socket, a timer) would keep the process alive past the timeout.
    const result = spawnSync(process.execPath, [bin, 'demo', '--requests', '6', '--latency', 'none', '--no-dashboard'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(lastLine(result.stdout)).toMatch(/^6 requests · /);
  }, 40_000);
});

describe('wattlens demo, with the dashboard', () => {
  it('prints the dashboard address first, serves the session, and exits 0 on Ctrl-C', async () => {
    const captured = capture();
    const running = main(['demo', '--latency', 'none', '--requests', '12', '--port', '0', '--ledger', 'impact.jsonl'], captured.io);
    await vi.waitFor(() => expect(captured.out()).toMatch(/Session finished/), { timeout: 30_000 });
    const url = /^WattLens dashboard: (http:\/\/127\.0\.0\.1:\d+\/) /.exec(captured.out())?.[1] ?? '';
    expect(url).not.toBe('');

    const snapshot = await (await fetch(new URL('/api/snapshot', url))).json() as DashboardSnapshot;
    expect(snapshot.totals.requests).toBe(12);
    expect(Object.keys(snapshot.byProvider).sort()).toEqual(['hf-inference', 'mistral', 'openai', 'together']);
    expect(snapshot.budgets.map((budget) => budget.name)).toContain('team-co2e');
    // Not a terminal: the live view prints one line per change.
    expect(captured.out()).toMatch(/ 12 requests /);
    expect((await fetch(url)).status).toBe(200);

    captured.interrupt();
    expect(await running).toBe(0);
    expect(captured.err()).toBe('');
    expect(captured.out()).toContain('Dashboard stopped.');
    expect(lastLine(captured.out())).toMatch(/^12 requests · /);
    expect(await ledgerRecords('impact.jsonl')).toHaveLength(12);
    await expect(fetch(url)).rejects.toThrow();
  }, 60_000);

  it('draws the live view in a terminal under the address, and gives the cursor back on Ctrl-C', async () => {
    const captured = capture();
    const io: CliIO = { ...captured.io, terminal: { columns: 100, rows: 40 } };
    const running = main(['demo', '--latency', 'none', '--requests', '3'], io);
    await vi.waitFor(() => expect(captured.out()).toMatch(/3 requests · /), { timeout: 30_000 });
    const [first, ...rest] = captured.out().split('\n');
    expect(first).toMatch(/^WattLens dashboard: \u001B\[1mhttp:\/\/127\.0\.0\.1:\d+\/\u001B\[22m {3}<- open it in your browser$/);
    // Redrawn in place: the cursor is hidden, and no line is written under the view.
    expect(rest.join('\n')).toContain('\u001B[?25l');
    expect(captured.out()).not.toContain('Session finished');
    captured.interrupt();
    expect(await running).toBe(0);
    expect(captured.out()).toContain('\u001B[?25h');
    expect(lastLine(captured.out())).toMatch(/^3 requests · /);
  }, 60_000);

  it('keeps prompt text out of the dashboard, the terminal and the ledger (canary)', async () => {
    const canary = 'CANARY-7f3a9c-do-not-leak';
    const script = DEMO_SCRIPT.map((step) => ({ ...step, texts: step.texts.map((text) => `${text} ${canary}`) }));
    const captured = capture();
    const running = runDemo(
      { requests: script.length, dashboard: true, port: 0, ledger: { path: join(directory, 'impact.jsonl'), name: 'impact.jsonl' }, latency: 'none', seed: 3 },
      captured.io,
      script,
    );
    await vi.waitFor(() => expect(captured.out()).toMatch(/Session finished/), { timeout: 30_000 });
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(captured.out())?.[1] ?? '';
    const snapshot = await (await fetch(new URL('/api/snapshot', url))).text();
    expect(JSON.parse(snapshot)).toMatchObject({ totals: { requests: script.length } });
    // The event stream's first event: the snapshot, with the feed of the latest records.
    const first = await firstSnapshotEvent(url);
    expect(first.includes('"feed":[{')).toBe(true);
    captured.interrupt();
    expect(await running).toBe(0);

    const ledgerText = await readFile(join(directory, 'impact.jsonl'), 'utf8');
    expect(ledgerText.trimEnd().split('\n')).toHaveLength(script.length);
    const outputs = { snapshot, events: first, ledger: ledgerText, stdout: captured.out(), stderr: captured.err() };
    for (const [name, output] of Object.entries(outputs)) {
      expect(output.includes('CANARY'), `the ${name} holds the canary`).toBe(false);
    }
  }, 60_000);
});
