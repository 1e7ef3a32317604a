#!/usr/bin/env node
// Rebuilds scripts/zone-data/generation-mix.csv (electricity generation by source, per country)
// from CodeCarbon's extract of the Our World in Data energy dataset:
// codecarbon/data/private_infra/global_energy_mix.json in github.com/mlco2/codecarbon.
//
// Usage (from the repository root):
//   node packages/core/scripts/extract-generation-mix.mjs path/to/global_energy_mix.json [source-commit] [source-date]
//
// Each row keeps the country's latest year in that file. Quantities are in TWh, as published.
// docs/data.md ("Zones and providers") explains how the zones are built from this file.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [input, commit = 'unknown', date = 'unknown'] = process.argv.slice(2);
if (input === undefined) {
  console.error('Usage: node packages/core/scripts/extract-generation-mix.mjs <global_energy_mix.json> [source-commit] [source-date]');
  process.exit(2);
}

/** CodeCarbon's field for each technology of the CSV. */
const FIELDS = {
  coal: 'coal_TWh',
  gas: 'gas_TWh',
  oil: 'oil_TWh',
  nuclear: 'nuclear_TWh',
  hydro: 'hydroelectricity_TWh',
  wind: 'wind_TWh',
  solar: 'solar_TWh',
  bioenergy: 'biofuel_TWh',
  other_renewable: 'other_renewable_exc_biofuel_TWh',
};

const source = JSON.parse(readFileSync(input, 'utf8'));
const rows = [];
for (const [code, entry] of Object.entries(source).sort(([a], [b]) => a.localeCompare(b))) {
  if (!/^[A-Z]{3}$/.test(code)) continue;
  const values = Object.values(FIELDS).map((field) => {
    const value = entry[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`${code}: ${field} is ${value}, expected a non-negative number`);
    }
    return value;
  });
  const total = values.reduce((sum, value) => sum + value, 0);
  if (Math.abs(total - entry.total_TWh) > 0.05) {
    throw new Error(`${code}: sources add up to ${total} TWh but total_TWh is ${entry.total_TWh}`);
  }
  const name = String(entry.country_name).replaceAll(',', ' ');
  rows.push([code, name, entry.year, ...values.map((value) => Number(value.toFixed(3)))].join(','));
}

const header = [
  '# Electricity generation by source (TWh), one row per country, latest year available.',
  '# Our World in Data energy dataset (built from Ember Yearly Electricity Data and the Energy Institute',
  '# Statistical Review of World Energy; CC BY 4.0): https://github.com/owid/energy-data',
  `# as extracted by CodeCarbon (MIT): codecarbon/data/private_infra/global_energy_mix.json, commit ${commit}, ${date}.`,
  '# Rebuild: node packages/core/scripts/extract-generation-mix.mjs <global_energy_mix.json> <commit> <date>',
  `code,name,year,${Object.keys(FIELDS).join(',')}`,
];
const output = join(dirname(fileURLToPath(import.meta.url)), 'zone-data', 'generation-mix.csv');
writeFileSync(output, `${header.join('\n')}\n${rows.join('\n')}\n`);
console.log(`wrote ${rows.length} countries to ${output}`);
