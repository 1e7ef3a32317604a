import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { estimate, toImpactRecord } from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import type { DashboardSnapshot } from '@wattlens/dashboard';
// The dashboard serves its page from its built assets; build them as its own tests do.
import { buildClientAssets } from '../../../dashboard/test/build-client-assets';
import { main } from '../main';
import { captureIO } from '../../test/capture-io';

let directory: string;

beforeAll(async () => {
  await buildClientAssets();
}, 60_000);

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-cli-dashboard-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const capture = (interrupted?: Promise<void>) => captureIO({ cwd: directory, ...(interrupted === undefined ? {} : { interrupted }) });

function line(model: string): string {
  return `${JSON.stringify(toImpactRecord(estimate({ provider: 'openai', model, inputTokens: 300, outputTokens: 120 }), { operation: 'chat' }))}\n`;
}

async function requests(url: string): Promise<number> {
  const snapshot = await (await fetch(new URL('/api/snapshot', url))).json() as DashboardSnapshot;
  return snapshot.totals.requests;
}

describe('wattlens dashboard', () => {
  it('serves the dashboard of a ledger on 127.0.0.1, follows it, and stops on Ctrl-C', async () => {
    await writeFile(join(directory, 'impact.jsonl'), line('gpt-4o') + line('gpt-4o-mini'));
    let stop: () => void = () => undefined;
    const { io, out } = capture(new Promise<void>((resolve) => {
      stop = resolve;
    }));
    const running = main(['dashboard', '--ledger', 'impact.jsonl'], io);
    await vi.waitFor(() => expect(out()).toMatch(/Ctrl-C/), { timeout: 10_000 });
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out())?.[0] ?? '';
    expect(out()).toMatch(/^WattLens dashboard: http:\/\/127\.0\.0\.1:\d+\/\nShowing impact\.jsonl\. Press Ctrl-C to stop\.\n$/);

    expect(await requests(url)).toBe(2);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('WattLens');
    const ledger = new Ledger(join(directory, 'impact.jsonl'));
    ledger.append(toImpactRecord(estimate({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 10, outputTokens: 10 })));
    await ledger.close();
    await expect.poll(() => requests(url), { timeout: 5000 }).toBe(3);

    stop();
    expect(await running).toBe(0);
    expect(out()).toMatch(/Dashboard stopped\.\n$/);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('says when the ledger does not exist yet, and shows it once written', async () => {
    let stop: () => void = () => undefined;
    const { io, out } = capture(new Promise<void>((resolve) => {
      stop = resolve;
    }));
    const running = main(['dashboard', '--ledger', 'later.jsonl', '--port', '0'], io);
    await vi.waitFor(() => expect(out()).toMatch(/Ctrl-C/), { timeout: 10_000 });
    expect(out()).toMatch(/later\.jsonl does not exist yet/);
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out())?.[0] ?? '';
    await writeFile(join(directory, 'later.jsonl'), line('gpt-4o'));
    await expect.poll(() => requests(url), { timeout: 5000 }).toBe(1);
    stop();
    expect(await running).toBe(0);
  });

  it.each([
    [['--host', '0.0.0.0'], /--host 0\.0\.0\.0 would show your usage to your network; add --allow-remote/],
    [['--host', '192.168.1.20'], /--allow-remote/],
    [['--port', '70000'], /--port must be at most 65535/],
    [['--port', 'x'], /--port must be a non-negative integer/],
    [['--ledger', '.'], /is a directory/],
    [['--verbose'], /verbose/],
  ])('exits 2 with a one-line message on bad arguments %j', async (extra, pattern) => {
    const { io, err, out } = capture();
    expect(await main(['dashboard', ...extra], io)).toBe(2);
    expect(err()).toMatch(pattern);
    expect(err().trimEnd().split('\n')).toHaveLength(1);
    expect(out()).toBe('');
  });

  it('prints its help, and is listed in the commands', async () => {
    const { io, out } = capture();
    expect(await main(['dashboard', '--help'], io)).toBe(0);
    expect(out()).toMatch(/--ledger FILE/);
    expect(out()).toMatch(/--allow-remote/);
    const list = capture();
    await main(['--help'], list.io);
    expect(list.out()).toMatch(/dashboard +live dashboard of a ledger/);
    expect(list.out()).toMatch(/watch +live view of a ledger in the terminal/);
  });
});
