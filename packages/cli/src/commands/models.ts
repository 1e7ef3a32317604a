import { defaultCatalog, type ModelEntry, type Range } from '@wattlens/core';
import type { CliCommand } from '../cli-io';
import { parseFlags } from '../internal/args';

export const MODELS_HELP = `Usage: wattlens models [--provider ID] [--search TEXT] [--zones] [--providers] [--json]

Lists what WattLens estimates with: the model catalog (size, shape, sources), or with --zones the
electricity zones, or with --providers the providers and hosts and their datacenter defaults.

  --provider ID          only this provider's models (openai, mistral, huggingface, anthropic, …)
  --search TEXT          only models whose id or alias contains TEXT (case-insensitive)
  --zones                list the electricity zones instead
  --providers            list the providers and hosts instead
  --json                 print the entries as JSON (with their sources)
`;

function billions(range: Range): string {
  const show = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(2));
  return range.min === range.max ? `${show(range.value)}B` : `${show(range.value)}B (${show(range.min)}–${show(range.max)})`;
}

function matches(entry: ModelEntry, search: string | undefined): boolean {
  if (search === undefined) return true;
  const needle = search.toLowerCase();
  return [entry.id, ...(entry.aliases ?? [])].some((name) => name.toLowerCase().includes(needle));
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

/** `wattlens models`: the catalog, zones or providers WattLens estimates with. */
export const modelsCommand: CliCommand = async (args, io) => {
  const { values } = parseFlags(args, {
    provider: { type: 'string' },
    search: { type: 'string' },
    zones: { type: 'boolean', default: false },
    providers: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(MODELS_HELP);
    return 0;
  }
  if (values.zones) {
    const zones = defaultCatalog.zones().sort((a, b) => a.code.localeCompare(b.code));
    if (values.json) {
      io.stdout(`${JSON.stringify(zones, null, 2)}\n`);
      return 0;
    }
    io.stdout(table([
      ['zone', 'name', 'gCO2e/kWh', 'L/kWh off-site', 'year'],
      ...zones.map((zone) => [zone.code, zone.name, (zone.gwp * 1000).toFixed(0), zone.water.toFixed(2), String(zone.year)]),
    ]));
    return 0;
  }
  if (values.providers) {
    const providers = defaultCatalog.providers();
    if (values.json) {
      io.stdout(`${JSON.stringify(providers, null, 2)}\n`);
      return 0;
    }
    const span = (range: Range) => (range.min === range.max ? `${range.value}` : `${range.min}–${range.max}`);
    io.stdout(table([
      ['provider', 'name', 'zone', 'PUE', 'WUE L/kWh', 'hardware'],
      ...providers.map((provider) => [provider.id, provider.name, provider.zone, span(provider.pue), span(provider.wue), provider.hardware]),
    ]));
    return 0;
  }
  const provider = values.provider === undefined ? undefined : defaultCatalog.canonicalProvider(values.provider);
  const models = defaultCatalog.models()
    .filter((entry) => (provider === undefined || entry.provider === provider) && matches(entry, values.search))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id));
  if (values.json) {
    io.stdout(`${JSON.stringify(models, null, 2)}\n`);
    return 0;
  }
  if (models.length === 0) {
    io.stdout('No model matches. Unknown models are still estimated, from a size class their name suggests (docs/methodology.md §1.9).\n');
    return 0;
  }
  io.stdout(table([
    ['provider', 'model', 'architecture', 'total', 'active', 'weights'],
    ...models.map((entry) => [
      entry.provider,
      entry.id,
      entry.architecture,
      billions(entry.totalParameters),
      billions(entry.activeParameters),
      entry.openWeights ? 'open' : 'closed (estimate)',
    ]),
  ]));
  io.stdout(`${models.length} models; --json gives shapes, aliases and sources.\n`);
  return 0;
};
