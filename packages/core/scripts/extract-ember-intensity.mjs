#!/usr/bin/env node
// Rebuilds scripts/zone-data/ember-intensity.csv: the year of each country's Ember carbon intensity
// shipped by @tgwf/co2. The npm package carries the figures but not their year; the co2.js
// repository does, in data/output/average-intensities.json at the release's commit.
//
// Usage (from the repository root), after updating @tgwf/co2 in packages/core/package.json:
//   node packages/core/scripts/extract-ember-intensity.mjs path/to/average-intensities.json <co2.js commit> <commit date>
// then: node packages/core/scripts/generate-zones.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [input, commit = 'unknown', date = 'unknown'] = process.argv.slice(2);
if (input === undefined) {
  console.error('Usage: node packages/core/scripts/extract-ember-intensity.mjs <average-intensities.json> <commit> <date>');
  process.exit(2);
}

const source = JSON.parse(readFileSync(input, 'utf8'));
const rows = [];
for (const [key, entry] of Object.entries(source)) {
  const code = (entry.country_code === '' ? key : entry.country_code).toUpperCase();
  const value = entry.emissions_intensity_gco2_per_kwh;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || !Number.isInteger(entry.year)) {
    throw new Error(`${code}: unexpected entry ${JSON.stringify(entry)}`);
  }
  rows.push({ code, year: entry.year, value });
}
rows.sort((a, b) => a.code.localeCompare(b.code));

const header = [
  '# Ember yearly electricity data: life-cycle emissions intensity (gCO2eq/kWh) and its year, per country or region,',
  '# as packaged in @tgwf/co2 (Green Web Foundation, Apache-2.0; Ember data CC BY 4.0).',
  `# From the co2.js repository, data/output/average-intensities.json at commit ${commit} (${date}).`,
  '# generate-zones.mjs checks every figure against the installed @tgwf/co2 and uses the year from here.',
  'code,year,gco2_per_kwh',
];
const output = join(dirname(fileURLToPath(import.meta.url)), 'zone-data', 'ember-intensity.csv');
writeFileSync(output, `${header.join('\n')}\n${rows.map((row) => `${row.code.replaceAll(',', ' ')},${row.year},${row.value}`).join('\n')}\n`);
console.log(`wrote ${rows.length} rows to ${output}`);
