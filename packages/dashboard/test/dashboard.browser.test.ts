// End to end, in headless Chromium (Debian's, driven by playwright-core; never a downloaded
// browser): the page loads, server-sent events arrive, totals change as real requests go through
// the provider simulator, the provider breakdown lists the providers used, the zone selector
// recomputes carbon, and screenshots are written under .test-output/dashboard/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalog, formatCarbon, formatEnergy, Meter } from '@wattlens/core';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { carbonForZone } from '../src/carbon-for-zone';
import type { DashboardSnapshot } from '../src/dashboard-snapshot';
import { startDashboard, type Dashboard } from '../src/start-dashboard';
import { chat } from './helpers';

/** Installed by the README's test command (scripts/system-deps.mjs) when missing. */
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../../.test-output/dashboard/', import.meta.url));

if (!existsSync(CHROMIUM)) {
  if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM} is missing: the test command installs Debian's chromium (scripts/system-deps.mjs).`);
  console.warn(`Skipping the dashboard's browser test: ${CHROMIUM} is missing (Debian: apt-get install chromium).`);
}

describe.skipIf(!existsSync(CHROMIUM))('dashboard page in headless Chromium', () => {
  let sim: ProviderSim;
  let meter: Meter;
  let dashboard: Dashboard;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    sim = await startProviderSim({ seed: 3 });
    meter = new Meter({ budgets: [
      { name: 'daily-co2', metric: 'gwp', limit: 0.0005, window: 'day', warnAt: 0.5 },
      { name: 'hourly-water', metric: 'water', limit: 0.5, window: 'hour' },
      // Each request on its own: any GPT-4o request spends more than a tenth of a milliwatt-hour.
      { name: 'energy-per-request', metric: 'energy', limit: 1e-7, window: 'request' },
    ] });
    dashboard = await startDashboard({ meter, updateIntervalMs: 50 });
    profile = await mkdtemp(join(tmpdir(), 'wattlens-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
    });
    context.on('request', (request) => requested.push(request.url()));
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    await mkdir(OUTPUT, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await dashboard?.close();
    await sim?.close();
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
  });

  async function snapshot(): Promise<DashboardSnapshot> {
    return await (await fetch(new URL('/api/snapshot', dashboard.url))).json() as DashboardSnapshot;
  }

  const text = (testId: string): Promise<string> => page.getByTestId(testId).innerText();

  it('loads, receives events, and shows totals, providers, equivalents and budgets as requests complete', async () => {
    await page.goto(dashboard.url);
    await expect.poll(() => page.locator('#status').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    expect(await text('requests')).toBe('0');
    const emptyEnergy = await text('total-energy');
    expect(await page.locator('#empty').isVisible()).toBe(true);

    await chat(sim, { meter }, 'openai', 'gpt-4o', 'Summarise the quarterly report in three bullet points.');
    await chat(sim, { meter }, 'mistral', 'mistral-small-latest', 'Translate this paragraph into French.');
    await chat(sim, { meter }, 'huggingface', 'meta-llama/Llama-3.1-8B-Instruct', 'Write a haiku about electricity.');

    // Three impact-recorded events reached the page over the event stream.
    await expect.poll(() => page.locator('body').getAttribute('data-received'), { timeout: 10_000 }).toBe('3');
    await expect.poll(() => text('requests'), { timeout: 10_000 }).toBe('3');
    const state = await snapshot();
    expect(state.totals.requests).toBe(3);
    await expect.poll(() => text('total-energy')).toBe(formatEnergy(state.totals.energy.value));
    expect(await text('total-energy')).not.toBe(emptyEnergy);
    expect(await text('total-gwp')).toBe(formatCarbon(state.totals.gwp.value));
    expect(await page.locator('#empty').isVisible()).toBe(false);

    const providers = await page.locator('[data-testid="by-provider"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-provider')));
    expect([...providers].sort()).toEqual(['huggingface', 'mistral', 'openai']);
    expect(await page.locator('[data-testid="by-model"] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid="feed"] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid="feed"] tbody tr').first().innerText()).toContain('meta-llama/Llama-3.1-8B-Instruct');
    expect(await page.locator('[data-testid="equivalents"] li').count()).toBe(4);
    expect(await text('equivalents')).toMatch(/by petrol car/);
    expect(await page.locator('[data-testid="budgets"] li').count()).toBe(3);
    expect(await page.locator('[data-testid="series"] rect.chart__bar').count()).toBeGreaterThan(0);

    // The per-request budget was exceeded: its gauge says so and the alert is listed.
    expect(await page.locator('[data-budget="energy-per-request"]').getAttribute('class')).toContain('budget--exceeded');
    await expect.poll(() => page.locator('[data-testid="alerts"] li.alert--exceeded').count()).toBeGreaterThan(0);
    expect(await text('alerts')).toMatch(/energy-per-request exceeded: .*Wh of 100 µWh · \d\d:\d\d:\d\d/);

    // One more request: the totals follow.
    await chat(sim, { meter }, 'openai', 'gpt-4o', 'Draft a long answer.');
    await expect.poll(() => text('requests'), { timeout: 10_000 }).toBe('4');
    await expect.poll(async () => text('total-energy')).toBe(formatEnergy((await snapshot()).totals.energy.value));
  }, 60_000);

  it('recomputes carbon for the grid chosen in the zone selector', async () => {
    const state = await snapshot();
    const measured = await text('total-gwp');
    expect(measured).toBe(formatCarbon(state.totals.gwp.value));

    for (const code of ['FRA', 'POL']) {
      await page.getByTestId('zone-select').selectOption(code);
      const factor = defaultCatalog.findZone(code)?.gwp ?? Number.NaN;
      const expected = formatCarbon(carbonForZone(state.carbon.totals, factor).value);
      await expect.poll(() => text('total-gwp')).toBe(expected);
      expect(await text('zone-note')).toContain(defaultCatalog.findZone(code)?.name ?? code);
      expect(await text('total-energy')).toBe(formatEnergy(state.totals.energy.value));
    }
    const france = formatCarbon(carbonForZone(state.carbon.totals, defaultCatalog.findZone('FRA')?.gwp ?? 0).value);
    const poland = await text('total-gwp');
    expect(poland).not.toBe(france);
    expect(poland).not.toBe(measured);
    // The provider comparison follows the chosen grid too.
    const openai = carbonForZone(state.carbon.byProvider['openai'] ?? state.carbon.totals, defaultCatalog.findZone('POL')?.gwp ?? 0);
    expect(await page.locator('[data-provider="openai"] [data-testid="row-gwp"]').innerText()).toBe(formatCarbon(openai.value));

    await page.getByTestId('zone-select').selectOption('FRA');
    await expect.poll(() => text('total-gwp')).toBe(france);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-1280x800-france.png'), fullPage: false });

    await page.getByTestId('zone-select').selectOption('');
    await expect.poll(() => text('total-gwp')).toBe(measured);
  }, 30_000);

  it('fits a phone screen, loads nothing from elsewhere, and logs no error', async () => {
    await page.screenshot({ path: join(OUTPUT, 'dashboard-1280x800.png') });
    await page.screenshot({ path: join(OUTPUT, 'dashboard-1280-full-page.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(100);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('total-energy').isVisible()).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-phone-390.png'), fullPage: true });
    expect(existsSync(join(OUTPUT, 'dashboard-1280x800.png'))).toBe(true);

    const origin = new URL(dashboard.url).origin;
    const elsewhere = requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
    expect(requested).toContain(`${origin}/assets/app.js`);
    expect(problems).toEqual([]);
  }, 30_000);
});
