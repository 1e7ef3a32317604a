// Fleet-wide footprint: every request of an OpenAI client, wrapped by WattLens, is counted into
// OpenTelemetry metrics and served to Prometheus by OpenTelemetry's own Prometheus exporter. Run
// one such process per service and let Prometheus scrape them all (docs/opentelemetry.md); here
// the provider simulator stands in for OpenAI, so it runs offline.
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { formatCarbon, formatEnergy, Meter } from '@wattlens/core';
import { withCallImpact, withImpact } from '@wattlens/openai';
import { ImpactMetrics } from '@wattlens/opentelemetry';
import { startProviderSim } from '@wattlens/provider-sim';
import OpenAI from 'openai';

/**
 * Runs the example.
 *
 * @param {{ print?: (line: string) => void, port?: number }} [options] - How to print; the port of the /metrics endpoint.
 */
export async function run({ print = console.log, port = 9464 } = {}) {
  const sim = await startProviderSim();

  // 1. OpenTelemetry, set up as for any other metric: the service's name on the resource, and the
  //    Prometheus exporter (it serves /metrics) as the reader. `withResourceConstantLabels` turns
  //    service.name into a `service_name` label, which the Grafana dashboard groups by.
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port, withResourceConstantLabels: /^service\.name$/ });
  await exporter.startServer(); // rejects when the port is taken
  const meterProvider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'docs-assistant' }), readers: [exporter] });

  // 2. WattLens: a meter, exported through OpenTelemetry with the `customer` tag as a label (other
  //    tags, such as the user, stay out of the metrics: label cardinality stays bounded).
  const meter = new Meter();
  new ImpactMetrics({ meterProvider, tagKeys: ['customer'] }).attach(meter);
  const client = withImpact(new OpenAI({ baseURL: sim.urls.openai, apiKey: 'sim' }), { meter, tags: { feature: 'answers' } });

  // 3. The application makes its requests as usual.
  for (const [customer, user, model] of [['acme', 'ada', 'gpt-4o-mini'], ['acme', 'bob', 'gpt-4o'], ['globex', 'cy', 'gpt-4o-mini']]) {
    await client.chat.completions.create(
      { model, messages: [{ role: 'user', content: 'How do I rotate my API key?' }] },
      withCallImpact({ tags: { customer, user } }),
    );
  }

  // 4. What Prometheus scrapes.
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  print('What Prometheus scrapes from this process (energy in joules):');
  for (const line of text.split('\n').filter((line) => line.startsWith('wattlens_energy_total'))) print(`  ${line}`);
  const { totals } = meter.snapshot();
  print(`The meter's own totals: ${totals.requests} requests, ${formatEnergy(totals.energy.value)}, ${formatCarbon(totals.gwp.value)}`);

  await meterProvider.shutdown(); // stops the /metrics server too
  await sim.close();
  return { text, totals };
}
