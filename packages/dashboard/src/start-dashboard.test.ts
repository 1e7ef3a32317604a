import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimate, InvalidRequestError, Meter, toImpactRecord, type ImpactRecord } from '@wattlens/core';
import { Ledger } from '@wattlens/core/ledger';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { chat, openEvents, raw, type EventStream } from '../test/helpers';
import type { DashboardSnapshot } from './dashboard-snapshot';
import { startDashboard, type Dashboard } from './start-dashboard';

let directory: string;
let cleanups: (() => Promise<void> | void)[];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wattlens-dashboard-'));
  cleanups = [];
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await rm(directory, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startDashboard>[0]): Promise<Dashboard> {
  const dashboard = await startDashboard(options);
  cleanups.push(() => dashboard.close());
  return dashboard;
}

async function events(url: string): Promise<EventStream> {
  const stream = await openEvents(url);
  cleanups.push(() => stream.close());
  return stream;
}

async function sim(): Promise<ProviderSim> {
  const started = await startProviderSim({ seed: 7 });
  cleanups.push(() => started.close());
  return started;
}

async function snapshotOf(url: string): Promise<DashboardSnapshot> {
  const response = await fetch(new URL('/api/snapshot', url));
  expect(response.status).toBe(200);
  return await response.json() as DashboardSnapshot;
}

function record(model: string, index = 0): ImpactRecord {
  return toImpactRecord(estimate({ provider: 'openai', model, inputTokens: 200 + index, outputTokens: 100 }), { operation: 'chat' }, Date.now());
}

describe('startDashboard', () => {
  it('serves the page, its assets and a snapshot, on 127.0.0.1 by default', async () => {
    const dashboard = await start({ meter: new Meter() });
    expect(dashboard.host).toBe('127.0.0.1');
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/`);

    const page = await fetch(dashboard.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('<script src="/assets/app.js" defer></script>');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);

    const script = await fetch(new URL('/assets/app.js', dashboard.url));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await script.text();
    expect(code).toContain('/api/events');
    const styles = await fetch(new URL('/assets/app.css', dashboard.url));
    const css = await styles.text();
    expect(css).toContain('.total__value');
    // Nothing fetched from elsewhere: no web font, no imported sheet, no remote image.
    expect(css).not.toMatch(/url\(|@import|@font-face/);
    const zones = await (await fetch(new URL('/assets/zones.json', dashboard.url))).json() as { code: string; gwp: number }[];
    expect(zones.find((zone) => zone.code === 'FRA')?.gwp).toBeGreaterThan(0);

    const snapshot = await snapshotOf(dashboard.url);
    expect(snapshot).toMatchObject({ v: 1, sources: { meter: true }, totals: { requests: 0 } });
    expect(snapshot.series.points).toHaveLength(120);
  });

  it('streams a snapshot, then each request and budget event as it happens', async () => {
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'gwp', limit: 1e-7, window: 'day' }] });
    const dashboard = await start({ meter, updateIntervalMs: 20 });
    const stream = await events(dashboard.url);
    const first = JSON.parse((await stream.next('snapshot')).data) as DashboardSnapshot;
    expect(first.totals.requests).toBe(0);
    expect(first.budgets).toEqual([expect.objectContaining({ name: 'tiny', state: 'ok' })]);

    meter.record(estimate({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 300, outputTokens: 200 }), { tags: { user: 'ada' } });
    const recorded = JSON.parse((await stream.next('impact-recorded')).data) as ImpactRecord;
    expect(recorded).toMatchObject({ provider: 'mistral', model: 'mistral-small-latest', inputTokens: 300, tags: { user: 'ada' } });
    const warning = JSON.parse((await stream.next('budget-warning')).data) as { name: string };
    expect(warning.name).toBe('tiny');
    await stream.next('budget-exceeded');
    let latest = JSON.parse((await stream.next('snapshot')).data) as DashboardSnapshot;
    while (latest.totals.requests === 0) latest = JSON.parse((await stream.next('snapshot')).data) as DashboardSnapshot;
    expect(latest.totals.requests).toBe(1);
    expect(latest.byProvider['mistral']?.requests).toBe(1);
    expect(latest.budgets[0]?.state).toBe('exceeded');
    // Both events were streamed; the snapshot keeps the exceeded one (the same request crossed both thresholds).
    expect(latest.alerts.map((alert) => alert.kind)).toEqual(['budget-exceeded']);
    expect(stream.text()).toMatch(/^retry: 2000\n\nevent: snapshot\n/);
  });

  it('shows a ledger: what it holds, then what is appended', async () => {
    const path = join(directory, 'impact.jsonl');
    await writeFile(path, `${JSON.stringify(record('gpt-4o', 0))}\nnot a record\n`);
    const dashboard = await start({ ledger: path, pollIntervalMs: 10, budgets: [{ name: 'ledger-energy', metric: 'energy', limit: 1, window: 'total' }] });
    const before = await snapshotOf(dashboard.url);
    expect(before.totals.requests).toBe(1);
    expect(before.skippedLines).toBe(1);
    expect(before.sources).toEqual({ meter: false, ledger: 'impact.jsonl' });
    expect(before.budgets[0]).toMatchObject({ name: 'ledger-energy', state: 'ok' });
    expect(before.budgets[0]?.spent).toBeCloseTo(before.totals.energy.value, 15);

    const ledger = new Ledger(path);
    ledger.append(record('gpt-4o-mini', 1));
    ledger.append(record('gpt-4o-mini', 2));
    await ledger.close();
    await expect.poll(async () => (await snapshotOf(dashboard.url)).totals.requests, { timeout: 5000 }).toBe(3);
    expect((await snapshotOf(dashboard.url)).byModel['openai/gpt-4o-mini']?.requests).toBe(2);
  });

  it('counts a meter\'s history, then its records', async () => {
    const meter = new Meter();
    meter.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 10 }));
    const dashboard = await start({ meter });
    expect(dashboard.snapshot().totals.requests).toBe(1);
    meter.record(estimate({ provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 10 }));
    expect(dashboard.snapshot().totals.requests).toBe(2);
    expect(dashboard.snapshot().feed).toHaveLength(1);
  });

  it('counts each request once when the meter and the ledger it writes both feed the dashboard; no prompt text reaches any response', async () => {
    const provider = await sim();
    const path = join(directory, 'impact.jsonl');
    const meter = new Meter();
    const ledger = new Ledger(path);
    ledger.attach(meter);
    cleanups.push(() => ledger.close());
    const dashboard = await start({ meter, ledger: path, pollIntervalMs: 10, updateIntervalMs: 10 });
    const stream = await events(dashboard.url);
    const canary = 'CANARY-7f3a9c secret prompt words';

    await chat(provider, { meter }, 'openai', 'gpt-4o-mini', `${canary} one`);
    await chat(provider, { meter }, 'mistral', 'mistral-small-latest', `${canary} two`);
    await chat(provider, { meter }, 'huggingface', 'meta-llama/Llama-3.1-8B-Instruct', `${canary} three`);
    await ledger.flush();
    await expect.poll(async () => stream.events.filter((event) => event.event === 'impact-recorded').length, { timeout: 5000 }).toBe(3);
    // The ledger lines arrive after the events: give the file a few polls, then check nothing doubled.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const snapshot = await snapshotOf(dashboard.url);
    expect(snapshot.totals.requests).toBe(3);
    expect(Object.keys(snapshot.byProvider).sort()).toEqual(['huggingface', 'mistral', 'openai']);
    expect(snapshot.totals.outputTokens).toBeGreaterThan(0);

    const bodies = [
      stream.text(),
      JSON.stringify(snapshot),
      await (await fetch(dashboard.url)).text(),
      await (await fetch(new URL('/assets/app.js', dashboard.url))).text(),
      await (await fetch(new URL('/assets/zones.json', dashboard.url))).text(),
    ];
    for (const body of bodies) expect(body).not.toContain('CANARY-7f3a9c');
  });

  it('refuses to listen beyond loopback unless asked explicitly', async () => {
    await expect(startDashboard({ host: '0.0.0.0' })).rejects.toSatisfy((error: unknown) => InvalidRequestError.isInstance(error) && /allowRemote: true/.test(error.message));
    await expect(startDashboard({ host: '192.168.1.10' })).rejects.toThrow(/loopback/);
    const dashboard = await start({ host: '0.0.0.0', allowRemote: true, allowedHosts: ['wattlens.lan'] });
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/`);
    const ip = await raw(dashboard.url, { path: '/api/snapshot', headers: { host: `10.1.2.3:${dashboard.port}` } });
    expect(ip.status).toBe(200);
    const named = await raw(dashboard.url, { path: '/api/snapshot', headers: { host: `wattlens.lan:${dashboard.port}` } });
    expect(named.status).toBe(200);
    const other = await raw(dashboard.url, { path: '/api/snapshot', headers: { host: `attacker.example:${dashboard.port}` } });
    expect(other.status).toBe(403);
  });

  it('rejects a foreign Host header (DNS rebinding) and requests from other origins', async () => {
    const dashboard = await start({ meter: new Meter() });
    const port = dashboard.port;
    const status = async (headers: Record<string, string>, path = '/api/snapshot'): Promise<number> => (await raw(dashboard.url, { path, headers })).status;

    expect(await status({ host: `127.0.0.1:${port}` })).toBe(200);
    expect(await status({ host: `localhost:${port}` })).toBe(200);
    expect(await status({ host: `[::1]:${port}` })).toBe(200);
    expect(await status({ host: `attacker.example:${port}` })).toBe(403);
    expect(await status({ host: `attacker.example:${port}` }, '/api/events')).toBe(403);
    expect(await status({ host: `attacker.example:${port}` }, '/')).toBe(403);
    expect(await status({ host: `127.0.0.1.attacker.example:${port}` })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port + 1}` })).toBe(403);
    expect(await status({ host: '127.0.0.1' })).toBe(403);
    expect([400, 403]).toContain((await raw(dashboard.url, { path: '/api/snapshot' })).status);
    expect(await status({ host: `10.0.0.1:${port}` })).toBe(403);

    expect(await status({ host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` })).toBe(200);
    expect(await status({ host: `127.0.0.1:${port}`, origin: 'http://attacker.example' })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, origin: `http://localhost:${port}` })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, origin: 'null' })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).toBe(200);
    expect(await status({ host: `127.0.0.1:${port}`, 'sec-fetch-site': 'none' }, '/')).toBe(200);

    const refused = await raw(dashboard.url, { path: '/api/snapshot', headers: { host: `attacker.example:${port}` } });
    expect(refused.body).not.toContain('totals');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves no path outside its own, and no method but GET and HEAD', async () => {
    const dashboard = await start({ meter: new Meter() });
    const headers = { host: `127.0.0.1:${dashboard.port}` };
    for (const path of ['/../package.json', '/assets/../package.json', '/assets/%2e%2e/package.json', '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/app.js.map', '/assets/', '/assets', '/src/index.ts', '/dist/index.js', '/package.json', '/index.html', '//assets/app.js',
      '/assets/app.js/', '/api/snapshot/../../package.json', '/favicon.ico']) {
      const response = await raw(dashboard.url, { path, headers });
      expect([path, response.status]).toEqual([path, 404]);
    }
    const post = await raw(dashboard.url, { path: '/api/snapshot', method: 'POST', headers });
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    const head = await raw(dashboard.url, { path: '/api/snapshot', method: 'HEAD', headers });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await raw(dashboard.url, { path: '/api/snapshot?x=1', headers })).status).toBe(200);
  });

  it('answers 503 past maxClients, and ends every stream on close', async () => {
    const dashboard = await startDashboard({ meter: new Meter(), maxClients: 1 });
    const stream = await openEvents(dashboard.url);
    await stream.next('snapshot');
    await expect(openEvents(dashboard.url)).rejects.toThrow(/503/);
    await dashboard.close();
    await expect(fetch(dashboard.url)).rejects.toThrow();
    stream.close();
  });

  it('validates its options', async () => {
    await expect(startDashboard({ port: 70_000 })).rejects.toThrow(/options.port/);
    await expect(startDashboard({ feedSize: 0 })).rejects.toThrow(/options.feedSize/);
    await expect(startDashboard({ pollIntervalMs: 1.5 })).rejects.toThrow(/options.pollIntervalMs/);
  });
});
