#!/usr/bin/env node
// Generates packages/core/src/data/zones.ts: WattLens' electricity zones and their impact factors.
//
//   node packages/core/scripts/generate-zones.mjs            # writes zones.ts, prints the check
//   node packages/core/scripts/generate-zones.mjs --check    # exits 1 if zones.ts is not up to date
//
// Inputs, all in this repository or installed by pnpm (no network):
// - @tgwf/co2 (devDependency, pinned): Ember's life-cycle carbon intensity per country (gwp);
// - zone-data/ember-intensity.csv: the year of each of those figures (checked against the package);
// - zone-data/generation-mix.csv: electricity generation by source per country (Our World in Data);
// - src/data/ecologits-zones.ts: EcoLogits 0.9.1's own factors (the `ecologits` field, and the
//   reference the ADPe factors are fitted to);
// - the per-technology factors below, each with its source.
// docs/data.md, section "Zones and providers", describes the method and its agreement with EcoLogits.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const coreRoot = join(here, '..');
const require = createRequire(join(coreRoot, 'package.json'));
const co2Entry = require.resolve('@tgwf/co2/data');
const co2Root = co2Entry.slice(0, co2Entry.lastIndexOf(join('@tgwf', 'co2')) + join('@tgwf', 'co2').length);
const co2Version = JSON.parse(readFileSync(join(co2Root, 'package.json'), 'utf8')).version;
const { averageIntensity } = await import('@tgwf/co2/data');

/** Technologies of generation-mix.csv, in its column order. */
const TECHNOLOGIES = ['coal', 'gas', 'oil', 'nuclear', 'hydro', 'wind', 'solar', 'bioenergy', 'other_renewable'];

/** Countries generating less than this (TWh a year) are left out: their mixes are too coarse. */
const MINIMUM_GENERATION_TWH = 1;

/** European Union member states (EU-27, since 2020-02-01), for the EUR zone. */
const EU27 = ['AUT', 'BEL', 'BGR', 'HRV', 'CYP', 'CZE', 'DNK', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'IRL', 'ITA',
  'LVA', 'LTU', 'LUX', 'MLT', 'NLD', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE'];

const LITRES_PER_GALLON = 3.785411784; // US gallon, NIST Handbook 44 Appendix C
const MJ_PER_KWH = 3.6;

/**
 * Operational water consumption per technology, US gal/MWh: medians of Macknick, Newmark, Heath &
 * Hallett (2012), "Operational water consumption and withdrawal factors for electricity generating
 * technologies: a review of existing literature", Environ. Res. Lett. 7 045802, Table 1.
 * Thermal plants: recirculating (cooling-tower) cooling. Oil has no row of its own: the generic
 * steam-cycle (coal) tower value is used. "other_renewable" is mostly geothermal (flash, tower).
 */
const WATER_GALLONS_PER_MWH = {
  coal: 687, // coal, generic, tower
  gas: 205, // natural gas combined cycle, tower
  oil: 687, // steam cycle, as coal generic tower
  nuclear: 672, // nuclear, generic, tower
  hydro: 4491, // hydropower, in-stream and reservoir evaporation
  wind: 0,
  solar: 1, // photovoltaic, utility scale (panel washing)
  bioenergy: 553, // biopower, steam, tower
  other_renewable: 15, // geothermal, flash, tower
};

/**
 * Net efficiency of fossil generation, for the physical energy content of its fuel: weighted
 * averages of Graus, Voogt & Worrell (2007), "International comparison of energy efficiency of
 * fossil power generation", Energy Policy 35:3936-3951 (35 % coal, 45 % natural gas, 38 % oil).
 * Nuclear: 33 %, the IEA/Eurostat convention for the primary energy equivalent of nuclear heat.
 * Renewable inputs (hydro, wind, solar, biomass, geothermal) count zero: `pe` is non-renewable
 * primary energy, the quantity EcoLogits' PE factors (ADEME) describe.
 */
const EFFICIENCY = { coal: 0.35, gas: 0.45, oil: 0.38, nuclear: 0.33 };

const SOURCES = {
  gwp: {
    title: `Ember yearly electricity data, life-cycle emissions intensity, latest year per country (via @tgwf/co2 ${co2Version})`,
    url: 'https://github.com/thegreenwebfoundation/co2.js/blob/27cbe8328aeaad0824fb07b3640dc45b72228c7b/data/output/average-intensities.json',
    date: '2026-06-29',
  },
  adpe: {
    title: 'Generation mix (Our World in Data energy dataset) × per-technology ADPe fitted by non-negative least squares to ADEME Base Empreinte factors of the 49 countries of EcoLogits 0.9.1',
    url: 'https://github.com/owid/energy-data',
    date: '2024-09-20',
  },
  pe: {
    title: 'Generation mix (Our World in Data energy dataset) × non-renewable primary energy, physical energy content method: nuclear 33 % (IEA), coal 35 %, gas 45 %, oil 38 % (Graus, Voogt & Worrell 2007)',
    url: 'https://doi.org/10.1016/j.enpol.2007.01.016',
    date: '2024-09-20',
  },
  water: {
    title: 'Generation mix (Our World in Data energy dataset) × median operational water consumption per technology, cooling towers (Macknick et al. 2012, NREL)',
    url: 'https://doi.org/10.1088/1748-9326/7/4/045802',
    date: '2024-09-20',
  },
};

// ---------------------------------------------------------------------------------------------
// Inputs

function readCsv(file) {
  const lines = readFileSync(join(here, 'zone-data', file), 'utf8').split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const [header, ...rows] = lines;
  const columns = header.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    if (cells.length !== columns.length) throw new Error(`${file}: malformed row "${row}"`);
    return Object.fromEntries(columns.map((column, index) => [column, cells[index]]));
  });
}

const mixes = new Map();
for (const row of readCsv('generation-mix.csv')) {
  const twh = Object.fromEntries(TECHNOLOGIES.map((technology) => [technology, Number(row[technology])]));
  mixes.set(row.code, { name: row.name, year: Number(row.year), twh });
}

const intensities = new Map();
for (const row of readCsv('ember-intensity.csv')) {
  const packaged = averageIntensity.data[row.code];
  if (packaged !== Number(row.gco2_per_kwh)) {
    throw new Error(`ember-intensity.csv says ${row.code} = ${row.gco2_per_kwh} gCO2eq/kWh but @tgwf/co2 ${co2Version} has ${packaged}: `
      + 'refresh the file with scripts/extract-ember-intensity.mjs from the matching co2.js release.');
  }
  intensities.set(row.code, { year: Number(row.year), gco2: packaged });
}

const ecologitsSource = readFileSync(join(coreRoot, 'src', 'data', 'ecologits-zones.ts'), 'utf8');
const ecologits = new Map();
for (const match of ecologitsSource.matchAll(/^ {2}([A-Z]{3}): \{ gwp: ([^,]+), adpe: ([^,]+), pe: ([^,]+), water: ([^ ]+) \},$/gm)) {
  ecologits.set(match[1], { gwp: Number(match[2]), adpe: Number(match[3]), pe: Number(match[4]), water: Number(match[5]) });
}
if (ecologits.size !== 50) throw new Error(`expected EcoLogits' 50 zones in ecologits-zones.ts, read ${ecologits.size}`);

// ---------------------------------------------------------------------------------------------
// Mixes

function shares(twh) {
  const total = TECHNOLOGIES.reduce((sum, technology) => sum + twh[technology], 0);
  return { total, share: Object.fromEntries(TECHNOLOGIES.map((technology) => [technology, twh[technology] / total])) };
}

function sumMixes(codes) {
  const twh = Object.fromEntries(TECHNOLOGIES.map((technology) => [technology, 0]));
  const years = new Set();
  for (const code of codes) {
    const mix = mixes.get(code);
    if (mix === undefined) throw new Error(`no generation mix for ${code}`);
    for (const technology of TECHNOLOGIES) twh[technology] += mix.twh[technology];
    years.add(mix.year);
  }
  return { twh, year: Math.max(...years) };
}

const regions = {
  WOR: { name: 'World', ember: 'WORLD', ...sumMixes([...mixes.keys()]) },
  EUR: { name: 'European Union (27)', ember: 'EU', ...sumMixes(EU27) },
};

// ---------------------------------------------------------------------------------------------
// Factors

const PE_PER_KWH = Object.fromEntries(TECHNOLOGIES.map((technology) => [
  technology, technology in EFFICIENCY ? MJ_PER_KWH / EFFICIENCY[technology] : 0,
]));
const WATER_PER_KWH = Object.fromEntries(TECHNOLOGIES.map((technology) => [
  technology, (WATER_GALLONS_PER_MWH[technology] * LITRES_PER_GALLON) / 1000,
]));

function weighted(share, factors) {
  return TECHNOLOGIES.reduce((sum, technology) => sum + share[technology] * factors[technology], 0);
}

/** Non-negative least squares by cyclic coordinate descent (small, well-conditioned problem). */
function nonNegativeLeastSquares(rows, targets) {
  const width = rows[0].length;
  const x = new Array(width).fill(0);
  const residual = [...targets];
  const norms = Array.from({ length: width }, (_, j) => rows.reduce((sum, row) => sum + row[j] * row[j], 0));
  for (let sweep = 0; sweep < 200_000; sweep += 1) {
    let largestStep = 0;
    for (let j = 0; j < width; j += 1) {
      if (norms[j] === 0) continue;
      const gradient = rows.reduce((sum, row, i) => sum + row[j] * residual[i], 0);
      const next = Math.max(0, x[j] + gradient / norms[j]);
      const step = next - x[j];
      if (step !== 0) {
        rows.forEach((row, i) => { residual[i] -= row[j] * step; });
        x[j] = next;
        largestStep = Math.max(largestStep, Math.abs(step));
      }
    }
    if (largestStep < 1e-15) break;
  }
  return x;
}

// ADPe: fitted on EcoLogits' countries (its WOR row is left out: see docs/data.md), in units of
// 1e-8 kgSbeq/kWh to keep the numbers near 1.
const ADPE_UNIT = 1e-8;
const fitCodes = [...ecologits.keys()].filter((code) => code !== 'WOR');
function fitAdpe(codes) {
  const rows = codes.map((code) => TECHNOLOGIES.map((technology) => shares(mixes.get(code).twh).share[technology]));
  const targets = codes.map((code) => ecologits.get(code).adpe / ADPE_UNIT);
  const x = nonNegativeLeastSquares(rows, targets);
  return Object.fromEntries(TECHNOLOGIES.map((technology, j) => [technology, x[j] * ADPE_UNIT]));
}
const ADPE_PER_KWH = fitAdpe(fitCodes);

// ---------------------------------------------------------------------------------------------
// Zones

function significant(value, digits = 4) {
  return Number(value.toPrecision(digits));
}

function zoneFor(code, name, twh, emberKey) {
  const intensity = intensities.get(emberKey);
  if (intensity === undefined) return undefined;
  const { share } = shares(twh);
  return {
    code,
    name,
    year: intensity.year,
    gwp: significant(intensity.gco2 / 1000, 6),
    adpe: significant(weighted(share, ADPE_PER_KWH)),
    pe: significant(weighted(share, PE_PER_KWH)),
    water: significant(weighted(share, WATER_PER_KWH)),
  };
}

const zones = [];
for (const [code, mix] of mixes) {
  const { total } = shares(mix.twh);
  if (total < MINIMUM_GENERATION_TWH && !ecologits.has(code)) continue;
  const zone = zoneFor(code, mix.name, mix.twh, code);
  if (zone !== undefined) zones.push(zone);
}
for (const [code, region] of Object.entries(regions)) zones.push(zoneFor(code, region.name, region.twh, region.ember));
zones.sort((a, b) => a.code.localeCompare(b.code));
for (const code of ecologits.keys()) {
  if (!zones.some((zone) => zone.code === code)) throw new Error(`EcoLogits zone ${code} would be missing`);
}

// ---------------------------------------------------------------------------------------------
// Agreement with EcoLogits (printed, and summarised in docs/data.md)

function agreement(key, estimate) {
  const ratios = fitCodes.map((code) => estimate(code) / ecologits.get(code)[key]);
  const logs = ratios.map((ratio) => Math.abs(Math.log(ratio))).sort((a, b) => a - b);
  const median = Math.exp(logs[Math.floor(logs.length / 2)]);
  const within = (factor) => ratios.filter((ratio) => ratio <= factor && ratio >= 1 / factor).length;
  return `${key.padEnd(5)} median ratio distance ×${median.toFixed(2)}; within ±25 %: ${within(1.25)}/${ratios.length}, within ×2: ${within(2)}/${ratios.length}`;
}
const checking = process.argv.includes('--check');
const byCode = new Map(zones.map((zone) => [zone.code, zone]));
const leaveOneOut = new Map(checking ? [] : fitCodes.map((code) => {
  const factors = fitAdpe(fitCodes.filter((other) => other !== code));
  return [code, weighted(shares(mixes.get(code).twh).share, factors)];
}));
const report = checking ? [] : [
  `zones: ${zones.length} (${zones.length - 2} countries + WOR + EUR); compared with EcoLogits 0.9.1 on its ${fitCodes.length} countries:`,
  agreement('gwp', (code) => byCode.get(code).gwp),
  agreement('pe', (code) => byCode.get(code).pe),
  agreement('water', (code) => byCode.get(code).water),
  `${agreement('adpe', (code) => byCode.get(code).adpe)} (in sample)`,
  `${agreement('adpe', (code) => leaveOneOut.get(code))} (leave one out)`,
  `fitted ADPe, kgSbeq/kWh: ${TECHNOLOGIES.map((technology) => `${technology} ${ADPE_PER_KWH[technology].toExponential(3)}`).join(', ')}`,
];

// ---------------------------------------------------------------------------------------------
// Output

function literal(value) {
  return typeof value === 'string' ? `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'` : String(value);
}

function sourceLiteral(source) {
  return `{ title: ${literal(source.title)}, url: ${literal(source.url)}, date: ${literal(source.date)} }`;
}

const adpeComment = TECHNOLOGIES.map((technology) => `${technology} ${ADPE_PER_KWH[technology].toExponential(3)}`).join(', ');
const lines = zones.map((zone) => {
  const ecologitsField = ecologits.has(zone.code) ? `, ecologits: ECOLOGITS_ZONES.${zone.code}` : '';
  return `  { code: '${zone.code}', name: ${literal(zone.name)}, year: ${zone.year}, gwp: ${zone.gwp}, adpe: ${zone.adpe}, pe: ${zone.pe}, water: ${zone.water}, sources: SOURCES${ecologitsField} },`;
});

const output = `// Generated by packages/core/scripts/generate-zones.mjs: do not edit by hand, run
// \`node packages/core/scripts/generate-zones.mjs\` (docs/data.md, "Zones and providers").
import type { ZoneEntry } from '../catalog-types';
import { ECOLOGITS_ZONES } from './ecologits-zones';

/**
 * Sources of every zone's factors.
 * - gwp: Ember, life-cycle, packaged in @tgwf/co2 ${co2Version}.
 * - adpe, pe, water: the zone's generation mix by technology (Our World in Data; year ${Math.min(...[...mixes.values()].map((mix) => mix.year).filter((year) => year >= 2020))}–${Math.max(...[...mixes.values()].map((mix) => mix.year))}
 *   depending on the country) times per-technology factors:
 *   - water (L/kWh): Macknick et al. 2012 medians, cooling towers: ${TECHNOLOGIES.map((technology) => `${technology} ${significant(WATER_PER_KWH[technology], 3)}`).join(', ')};
 *   - pe (MJ/kWh, non-renewable): ${TECHNOLOGIES.filter((technology) => PE_PER_KWH[technology] > 0).map((technology) => `${technology} ${significant(PE_PER_KWH[technology], 4)}`).join(', ')}, renewables 0;
 *   - adpe (kgSbeq/kWh), fitted: ${adpeComment}.
 */
const SOURCES: ZoneEntry['sources'] = {
  gwp: ${sourceLiteral(SOURCES.gwp)},
  adpe: ${sourceLiteral(SOURCES.adpe)},
  pe: ${sourceLiteral(SOURCES.pe)},
  water: ${sourceLiteral(SOURCES.water)},
};

/**
 * Electricity zones and their impact factors per kWh: ${zones.length - 2} countries (ISO 3166-1 alpha-3), \`WOR\`
 * (world) and \`EUR\` (European Union). \`ecologits\` holds EcoLogits 0.9.1's own factors where it has the zone.
 */
export const ZONES: readonly ZoneEntry[] = [
${lines.join('\n')}
];
`;

const target = join(coreRoot, 'src', 'data', 'zones.ts');
if (checking) {
  const current = readFileSync(target, 'utf8');
  if (current !== output) {
    console.error('zones.ts is not what generate-zones.mjs produces: run node packages/core/scripts/generate-zones.mjs');
    process.exit(1);
  }
  console.log('zones.ts is up to date');
} else {
  writeFileSync(target, output);
  console.log(report.join('\n'));
}
