/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ZoneEntry } from '../catalog-types';
import { Catalog, defaultCatalog, registerZone } from '../catalog';
import { estimate } from '../estimate';
import { ECOLOGITS_ZONES } from './ecologits-zones';
import { ZONES } from './zones';

/**
 * ISO 3166-1 alpha-3 codes officially assigned (249), per the ISO 3166 Maintenance Agency's list
 * as packaged in i18n-iso-countries 7.14.0 (codes.json, 2025), without its user-assigned XKK.
 */
const ISO_ALPHA3 = new Set((
  'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN '
  + 'BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN '
  + 'CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU '
  + 'DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR '
  + 'GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV '
  + 'HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM '
  + 'KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA '
  + 'MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM '
  + 'NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL '
  + 'PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE '
  + 'SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK '
  + 'TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB '
  + 'VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE '
).trim().split(' '));

/** The zones of EcoLogits 0.9.1 (ecologits/data/electricity_mixes.csv at tag 0.9.1). */
const ECOLOGITS_CODES = ['ARG', 'AUS', 'AUT', 'BEL', 'BGR', 'BRA', 'CAN', 'CHE', 'CHL', 'CHN', 'CYP', 'CZE', 'DEU', 'DNK',
  'ESP', 'EST', 'FIN', 'FRA', 'GBR', 'GRC', 'HUN', 'IDN', 'IND', 'IRL', 'ISL', 'ITA', 'JPN', 'KOR', 'LTU', 'LUX', 'LVA',
  'MEX', 'MLT', 'MYS', 'NLD', 'NOR', 'NZL', 'POL', 'PRT', 'ROU', 'RUS', 'SVK', 'SVN', 'SWE', 'THA', 'TUR', 'TWN', 'UKR',
  'USA', 'WOR'];

/**
 * Physically plausible bounds per kWh, for any grid:
 * - gwp 0.005–1.6 kgCO2eq: IPCC AR5 WGIII Annex III life-cycle medians run from 0.012 (nuclear, wind)
 *   to 0.82 (coal), with lignite plants up to about 1.3; no grid is cleaner than its cleanest source;
 * - adpe 0–1e-6 kgSbeq: ten times EcoLogits' largest country factor (LVA, 1.5376e-7);
 * - pe 0–20 MJ: non-renewable primary energy is at most fuel heat / efficiency, 3.6 / 0.25 = 14.4 MJ
 *   for the least efficient fleets, and EcoLogits' largest life-cycle figure is 16.7 (IND);
 * - water 0–25 L: all-hydropower grids reach 17 L (Macknick et al. 2012 median), EcoLogits' largest is 18.6 (BRA).
 */
const BOUNDS = {
  gwp: [0.005, 1.6],
  adpe: [0, 1e-6],
  pe: [0, 20],
  water: [0, 25],
} as const;

const FACTORS = ['gwp', 'adpe', 'pe', 'water'] as const;

function zone(code: string): ZoneEntry {
  const found = ZONES.find((entry) => entry.code === code);
  if (found === undefined) throw new Error(`zone ${code} missing`);
  return found;
}

describe('electricity zones', () => {
  it('has at least 100 countries with valid ISO 3166-1 alpha-3 codes, plus WOR and EUR, without duplicates', () => {
    const codes = ZONES.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('WOR');
    expect(codes).toContain('EUR');
    const countries = codes.filter((code) => code !== 'WOR' && code !== 'EUR');
    expect(countries.length).toBeGreaterThanOrEqual(100);
    expect(countries.filter((code) => !ISO_ALPHA3.has(code))).toEqual([]);
  });

  it('has finite factors within physically plausible bounds, a recent year and a name', () => {
    const outside: string[] = [];
    for (const entry of ZONES) {
      for (const key of FACTORS) {
        const [low, high] = BOUNDS[key];
        for (const [label, value] of [['own', entry[key]], ['ecologits', entry.ecologits?.[key]]] as const) {
          if (value === undefined) continue;
          if (!Number.isFinite(value) || value < low || value > high) outside.push(`${entry.code}.${label}.${key}=${value}`);
        }
      }
      expect(entry.year, entry.code).toBeGreaterThanOrEqual(2018);
      expect(entry.year, entry.code).toBeLessThanOrEqual(2026);
      expect(entry.name.length, entry.code).toBeGreaterThan(0);
    }
    expect(outside).toEqual([]);
  });

  it('gives every factor a source with a title and a date', () => {
    for (const entry of ZONES) {
      for (const key of FACTORS) {
        const source = entry.sources[key];
        expect(source.title.length, `${entry.code}.${key}`).toBeGreaterThan(10);
        expect(source.date, `${entry.code}.${key}`).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      }
    }
  });

  it('orders grids as their generation says: low-carbon grids below coal-heavy ones, hydropower grids the thirstiest', () => {
    expect(zone('FRA').gwp).toBeLessThan(zone('DEU').gwp);
    expect(zone('DEU').gwp).toBeLessThan(zone('POL').gwp);
    expect(zone('NOR').pe).toBeLessThan(zone('FRA').pe);
    expect(zone('NOR').water).toBeGreaterThan(zone('NLD').water);
    expect(zone('WOR').gwp).toBeGreaterThan(zone('EUR').gwp);
  });

  it('keeps the Ember carbon intensity of @tgwf/co2 0.19.0 for a few zones', () => {
    // data/output/average-intensities.json at co2.js commit 27cbe83 (2026-06-29), gCO2eq/kWh
    expect(zone('FRA').gwp).toBe(0.04418);
    expect(zone('USA').gwp).toBe(0.38355);
    expect(zone('DEU').gwp).toBe(0.34206);
    expect(zone('WOR').gwp).toBe(0.47294);
    expect(zone('EUR').gwp).toBe(0.21302);
  });
});

describe('EcoLogits 0.9.1 zones', () => {
  it('has every EcoLogits zone, each with its ecologits figures', () => {
    for (const code of ECOLOGITS_CODES) {
      expect(zone(code).ecologits, code).toBeDefined();
    }
    expect(ZONES.filter((entry) => entry.ecologits !== undefined).map((entry) => entry.code).sort()).toEqual(ECOLOGITS_CODES);
    expect(Object.keys(ECOLOGITS_ZONES).sort()).toEqual(ECOLOGITS_CODES);
  });

  it('holds exactly EcoLogits\' figures (water = its wue column)', () => {
    // ecologits/data/electricity_mixes.csv at tag 0.9.1: name,adpe,pe,gwp,wue
    expect(zone('FRA').ecologits).toEqual({ gwp: 0.04418, adpe: 4.858e-8, pe: 9.3135, water: 3.6737 });
    expect(zone('BRA').ecologits).toEqual({ gwp: 0.10321, adpe: 1.0962e-7, pe: 1.7701, water: 18.6033 });
    expect(zone('USA').ecologits).toEqual({ gwp: 0.38355, adpe: 9.855e-8, pe: 9.6884, water: 3.1321 });
    expect(zone('WOR').ecologits).toEqual({ gwp: 0.47301, adpe: 1.349e-8, pe: 2.5871, water: 3.908 });
    expect(zone('IND').ecologits?.gwp).toBe(0.70832);
    expect(zone('ISL').ecologits?.pe).toBe(0.0128);
    expect(zone('LVA').ecologits?.adpe).toBe(1.5376e-7);
    expect(zone('SWE').ecologits?.water).toBe(6.0315);
  });

  it('feeds methodology ecologits with EcoLogits\' factors, not WattLens\' own', () => {
    const report = estimate(
      { provider: 'openai', model: 'gpt-4o', outputTokens: 500, latencyMs: 10_000 },
      { methodology: 'ecologits', zone: 'FRA' },
    );
    const energy = report.usage.energy.min;
    expect(report.assumptions.zone).toBe('FRA');
    expect(report.usage.gwp.min / energy).toBeCloseTo(0.04418, 12);
    expect(report.usage.adpe.min / energy).toBeCloseTo(4.858e-8, 18);
    expect(report.usage.pe.min / energy).toBeCloseTo(9.3135, 10);
    expect(report.warnings.map((warning) => warning.code)).not.toContain('zone-not-in-ecologits');
  });
});

describe('zone resolution', () => {
  it('falls back to the world average with a zone-unknown warning for an unknown zone', () => {
    const report = estimate({ provider: 'openai', model: 'gpt-4o', outputTokens: 100, latencyMs: 2_000 }, { zone: 'ATLANTIS' });
    expect(report.assumptions.zone).toBe('WOR');
    const warning = report.warnings.find((entry) => entry.code === 'zone-unknown');
    expect(warning?.message).toContain('ATLANTIS');
    expect(warning?.message).toContain('registerZone');
  });

  it('finds zones ignoring case', () => {
    const report = estimate({ provider: 'openai', model: 'gpt-4o', outputTokens: 100, latencyMs: 2_000 }, { zone: 'fra' });
    expect(report.assumptions.zone).toBe('FRA');
    expect(report.warnings.map((warning) => warning.code)).not.toContain('zone-unknown');
  });

  it('lets a Catalog override a zone', () => {
    const { ecologits: _ignored, ...france } = zone('FRA');
    const catalog = new Catalog({ base: defaultCatalog }).registerZone({ ...france, gwp: 0.012 });
    const report = estimate(
      { provider: 'openai', model: 'gpt-4o', outputTokens: 500, latencyMs: 10_000 },
      { methodology: 'ecologits', zone: 'FRA', catalog },
    );
    expect(report.usage.gwp.min / report.usage.energy.min).toBeCloseTo(0.012, 12);
    expect(report.warnings.map((warning) => warning.code)).toContain('zone-not-in-ecologits');
    expect(defaultCatalog.findZone('FRA')?.gwp).toBe(0.04418);
  });

  it('lets registerZone override a zone of the default catalog', () => {
    const original = zone('SWE');
    const { ecologits: _ignored, ...sweden } = original;
    registerZone({ ...sweden, gwp: 0.02 });
    try {
      const report = estimate(
        { provider: 'openai', model: 'gpt-4o', outputTokens: 100, latencyMs: 2_000 },
        { methodology: 'ecologits', zone: 'SWE' },
      );
      expect(report.usage.gwp.min / report.usage.energy.min).toBeCloseTo(0.02, 12);
    } finally {
      registerZone(original);
    }
    expect(defaultCatalog.findZone('SWE')).toBe(original);
  });
});

describe('scripts/generate-zones.mjs', () => {
  it('reproduces zones.ts from the installed @tgwf/co2 and the committed inputs', () => {
    const script = fileURLToPath(new URL('../../scripts/generate-zones.mjs', import.meta.url));
    const output = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(output).toContain('zones.ts is up to date');
  });
});
