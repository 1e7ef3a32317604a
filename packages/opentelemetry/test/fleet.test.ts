// End to end: three application processes, each with its own service name, wrap an OpenAI client
// against the provider simulator and export their WattLens meter through OpenTelemetry's
// Prometheus exporter; a real Prometheus server scrapes the three; PromQL gives the fleet's
// footprint, which must equal the sum of the three meters. Then every query of the Grafana
// dashboard in docs/ runs against that Prometheus.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImpactTotals } from '@wattlens/core';
import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetAppPlan, PlannedRequest } from './fixtures/fleet-app';
import { prometheusAvailable, PROMETHEUS_BINARY, startPrometheus, type PrometheusServer, type PromSample } from './support/prometheus-server';

const J_PER_KWH = 3_600_000;
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/fleet-app.ts', import.meta.url));
const dashboardFile = fileURLToPath(new URL('../../../docs/grafana-dashboard.json', import.meta.url));

const chat = (model: string, customer: string, extra: Partial<PlannedRequest> = {}): PlannedRequest => ({ kind: 'chat', model, tags: { customer, user: `user-of-${customer}` }, ...extra });
const stream = (model: string, customer: string): PlannedRequest => ({ kind: 'stream', model, tags: { customer } });
const embeddings = (customer: string): PlannedRequest => ({ kind: 'embeddings', model: 'text-embedding-3-small', tags: { customer } });

const PLANS: readonly Omit<FleetAppPlan, 'simUrl'>[] = [
  {
    service: 'checkout',
    tagKeys: ['customer'],
    phases: [
      [chat('gpt-4o-mini', 'acme'), chat('gpt-4o-mini', 'globex'), chat('gpt-4o-mini', 'acme')],
      [chat('gpt-4o-mini', 'acme'), chat('gpt-4o', 'acme')],
    ],
  },
  {
    service: 'search',
    tagKeys: ['customer'],
    phases: [
      [embeddings('initech'), embeddings('initech'), chat('gpt-4o', 'initech')],
      [embeddings('initech'), embeddings('globex'), chat('gpt-4o-mini', 'globex')],
    ],
  },
  {
    service: 'support',
    tagKeys: ['customer'],
    phases: [
      [stream('gpt-4o', 'acme'), chat('gpt-4o-mini', 'acme', { fault: 'status:429' })],
      [stream('gpt-4o-mini', 'globex'), stream('gpt-4o', 'acme')],
    ],
  },
];

interface FleetApp {
  readonly service: string;
  readonly child: ChildProcess;
  readonly port: number;
  /** Resolves with the meter's totals once the phase's requests are done. */
  runPhase(phase: number): Promise<ImpactTotals>;
  stop(): Promise<void>;
}

type AppMessage = { type: 'ready'; port: number } | { type: 'phase-done'; phase: number; totals: ImpactTotals };

/** Starts one application process (TypeScript through tsx, WattLens packages from their sources). */
function startApp(plan: FleetAppPlan): Promise<FleetApp> {
  const child = spawn(process.execPath, ['--conditions=wattlens-source', '--import', 'tsx', fixture], {
    cwd: packageRoot,
    env: { ...process.env, WATTLENS_FLEET_PLAN: JSON.stringify(plan), NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-8_000);
  });
  const phases = new Map<number, (totals: ImpactTotals) => void>();
  const done = new Map<number, ImpactTotals>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${plan.service} exited with code ${code}:\n${stderr}`)));
    child.on('message', (message: AppMessage) => {
      if (message.type === 'phase-done') {
        done.set(message.phase, message.totals);
        phases.get(message.phase)?.(message.totals);
        return;
      }
      resolve({
        service: plan.service,
        child,
        port: message.port,
        runPhase: (phase) => new Promise((accept) => {
          const finished = done.get(phase);
          if (finished !== undefined) {
            accept(finished);
            return;
          }
          phases.set(phase, accept);
          if (phase > 0) child.send({ type: 'run-phase', phase });
        }),
        stop: async () => {
          if (child.connected) child.disconnect();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

function sum(samples: PromSample[]): number {
  return samples.reduce((total, sample) => total + sample.value, 0);
}

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Every PromQL expression of the dashboard, with Grafana's variables as a user would set them. */
function dashboardQueries(): { title: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({
    title: panel.title,
    expr: target.expr
      .replaceAll('$__rate_interval', '1m')
      .replaceAll('$__range', '1h')
      .replaceAll('$service', '.*')
      .replaceAll('$model', '.*')
      .replaceAll('$tag', 'customer'),
  })));
}

const runsHere = prometheusAvailable() || process.env['CI'] === 'true';
if (!runsHere) console.warn(`Skipping the fleet test: ${PROMETHEUS_BINARY} is missing (Debian: sudo apt-get install -y prometheus).`);

describe.skipIf(!runsHere)('fleet-wide footprint through OpenTelemetry and a real Prometheus', () => {
  let sim: ProviderSim;
  let apps: FleetApp[] = [];
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    sim = await startProviderSim();
    apps = await Promise.all(PLANS.map((plan) => startApp({ ...plan, simUrl: sim.urls.openai })));
    prometheus = await startPrometheus(apps.map((app) => `127.0.0.1:${app.port}`));
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    await sim?.close();
  }, 30_000);

  it('sums the three processes\' meters in PromQL, per service and for the fleet', async () => {
    const server = prometheus;
    if (server === undefined) throw new Error('Prometheus did not start');
    await server.waitForTargets(apps.length, 30_000);

    // Phase 1 is scraped, then phase 2 runs: the counters grow between scrapes, as in production.
    const firstTotals = await Promise.all(apps.map((app) => app.runPhase(0)));
    const firstRequests = firstTotals.reduce((total, totals) => total + totals.requests, 0);
    await server.waitFor('sum(wattlens_requests_total)', (samples) => sum(samples) === firstRequests, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const totals = await Promise.all(apps.map((app) => app.runPhase(1)));
    const requests = totals.reduce((total, each) => total + each.requests, 0);
    expect(requests).toBe(PLANS.reduce((total, plan) => total + plan.phases.flat().length, 0));
    await server.waitFor('sum(wattlens_requests_total)', (samples) => sum(samples) === requests, 30_000);

    const fleet = (select: (each: ImpactTotals) => number): number => totals.reduce((total, each) => total + select(each), 0);
    const fleetEnergy = sum(await server.query('sum(wattlens_energy_total)'));
    expect(relative(fleetEnergy, fleet((each) => each.energy.value) * J_PER_KWH)).toBeLessThan(1e-9);
    const fleetCarbon = sum(await server.query('sum(wattlens_co2e_total)'));
    expect(relative(fleetCarbon, fleet((each) => each.gwp.value) * 1000)).toBeLessThan(1e-9);
    expect(relative(sum(await server.query('sum(wattlens_water_total)')), fleet((each) => each.water.value))).toBeLessThan(1e-9);
    expect(relative(sum(await server.query('sum(wattlens_energy_min_total)')), fleet((each) => each.energy.min) * J_PER_KWH)).toBeLessThan(1e-9);
    expect(relative(sum(await server.query('sum(wattlens_energy_max_total)')), fleet((each) => each.energy.max) * J_PER_KWH)).toBeLessThan(1e-9);
    expect(relative(sum(await server.query('sum(wattlens_co2e_max_total)')), fleet((each) => each.gwp.max) * 1000)).toBeLessThan(1e-9);

    // Per service: the service.name of each process's resource, as the service_name label.
    const byService = await server.query('sum by (service_name) (wattlens_energy_total)');
    expect(byService.map((sample) => sample.metric['service_name']).sort()).toEqual(['checkout', 'search', 'support']);
    for (const [index, app] of apps.entries()) {
      const sample = byService.find((candidate) => candidate.metric['service_name'] === app.service);
      expect(relative(sample?.value ?? 0, (totals[index]?.energy.value ?? Number.NaN) * J_PER_KWH)).toBeLessThan(1e-9);
    }

    // Tokens and failures add up too.
    const tokens = await server.query('sum by (gen_ai_token_type) (gen_ai_client_token_usage_sum)');
    expect(tokens.find((sample) => sample.metric['gen_ai_token_type'] === 'input')?.value).toBe(fleet((each) => each.inputTokens));
    expect(tokens.find((sample) => sample.metric['gen_ai_token_type'] === 'output')?.value).toBe(fleet((each) => each.outputTokens));
    const failed = await server.query('sum by (error_type) (wattlens_requests_total{wattlens_request_status="failed"})');
    expect(failed).toEqual([{ metric: { error_type: '429' }, value: fleet((each) => each.failed) }]);
    expect(fleet((each) => each.failed)).toBe(1);

    // GenAI attributes, the allow-listed tag and nothing else.
    const labels = await server.query('count by (gen_ai_system, gen_ai_operation_name, wattlens_tag_customer) (wattlens_energy_total)');
    expect(new Set(labels.map((sample) => sample.metric['gen_ai_system']))).toEqual(new Set(['openai']));
    expect(new Set(labels.map((sample) => sample.metric['gen_ai_operation_name']))).toEqual(new Set(['chat', 'embeddings']));
    expect(new Set(labels.map((sample) => sample.metric['wattlens_tag_customer']))).toEqual(new Set(['acme', 'globex', 'initech']));
    expect(await server.query('count({__name__=~"wattlens_.+|gen_ai_.+", wattlens_tag_user!=""})')).toEqual([]);
  }, 120_000);

  it('answers every query of the Grafana dashboard', async () => {
    const server = prometheus;
    if (server === undefined) throw new Error('Prometheus did not start');
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThanOrEqual(20);
    const empty: string[] = [];
    for (const { title, expr } of queries) {
      const samples = await server.query(expr);
      if (samples.length === 0) empty.push(`${title}: ${expr}`);
    }
    expect(empty).toEqual([]);
    // The counters grew between scrapes, so the power draw is positive for each service.
    const power = queries.find((query) => query.title === 'Power draw by service');
    const samples = await server.query(power?.expr ?? '');
    expect(samples).toHaveLength(3);
    expect(samples.every((sample) => sample.value > 0)).toBe(true);
    const top = queries.find((query) => query.title === 'Top $tag by CO2e');
    expect(new Set((await server.query(top?.expr ?? '')).map((sample) => sample.metric['wattlens_tag_customer']))).toEqual(new Set(['acme', 'globex', 'initech']));
  }, 60_000);
});
