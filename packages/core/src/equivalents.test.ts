import { describe, expect, it } from 'vitest';
import type { Impacts, Range } from './impact-report';
import { defaultCatalog } from './catalog';
import { EQUIVALENTS, equivalents, formatEquivalent, perDayForAYear, type EquivalentId } from './equivalents';
import { formatResources } from './format';

function exact(value: number): Range {
  return { value, min: value, max: value };
}

function impacts(values: Partial<Record<keyof Impacts, number>>): Impacts {
  return {
    energy: exact(values.energy ?? 0),
    gwp: exact(values.gwp ?? 0),
    adpe: exact(values.adpe ?? 0),
    pe: exact(values.pe ?? 0),
    water: exact(values.water ?? 0),
  };
}

function only(id: EquivalentId, of: Impacts, zone?: string) {
  const [equivalent] = equivalents(of, { only: [id], ...(zone === undefined ? {} : { zone }) });
  if (equivalent === undefined) throw new Error('no equivalent');
  return equivalent;
}

describe('equivalent constants', () => {
  it('are the figures of their sources', () => {
    const perUnit = Object.fromEntries(EQUIVALENTS.map((definition) => [definition.id, definition.perUnit]));
    expect(perUnit['petrol-car-km']).toBeCloseTo(0.2176, 12); // ADEME: 0.192 + 0.0256 kgCO2e/km
    expect(perUnit['electric-car-km']).toBeCloseTo(0.1702557, 7); // EPA: 27.4 kWh / 100 mi
    expect(perUnit['smartphone-charges']).toBeCloseTo(0.0116, 12); // EPA: 14.46 Wh − 22 h × 0.13 W
    expect(perUnit['video-streaming-hours']).toBe(0.077); // IEA 2020
    expect(perUnit['led-bulb-hours']).toBe(0.009); // EPA: 9 W LED
    expect(perUnit['bottled-water-litres']).toBe(1);
    for (const definition of EQUIVALENTS) {
      expect(definition.source.title.length).toBeGreaterThan(10);
      expect(definition.source.date).toMatch(/^\d{4}/);
    }
  });
});

describe('equivalents', () => {
  it('divides each impact by the cost of one unit of the activity', () => {
    const of = impacts({ energy: 0.0116, gwp: 0.2176 * 3, water: 0.5 });
    expect(only('petrol-car-km', of).amount.value).toBeCloseTo(3, 12);
    expect(only('smartphone-charges', of).amount.value).toBeCloseTo(1, 12);
    expect(only('electric-car-km', of).amount.value).toBeCloseTo(0.0116 / (27.4 / 160.9344), 12);
    expect(only('video-streaming-hours', of).amount.value).toBeCloseTo(0.0116 / 0.077, 12);
    expect(only('led-bulb-hours', of).amount.value).toBeCloseTo(0.0116 / 0.009, 12);
    expect(only('bottled-water-litres', of).amount.value).toBe(0.5);
    expect(equivalents(of).map((equivalent) => equivalent.id)).toEqual(EQUIVALENTS.map((definition) => definition.id));
  });

  it('carries the range of the impact', () => {
    const of = { ...impacts({}), gwp: { value: 0.2176, min: 0.1088, max: 0.4352 } };
    expect(only('petrol-car-km', of).amount).toEqual({ value: expect.closeTo(1, 12), min: expect.closeTo(0.5, 12), max: expect.closeTo(2, 12) });
  });

  it('compares electric activities in CO2e at a given zone’s grid', () => {
    const zone = defaultCatalog.findZone('FRA');
    if (zone === undefined) throw new Error('FRA missing');
    const of = impacts({ energy: 0.0116, gwp: 0.001 });
    const equivalent = only('smartphone-charges', of, 'FRA');
    expect(equivalent).toMatchObject({ basis: 'gwp', zone: 'FRA' });
    expect(equivalent.amount.value).toBeCloseTo(0.001 / (0.0116 * zone.gwp), 9);
    // A zone changes nothing for the petrol car or the water, which are not electric.
    expect(only('petrol-car-km', of, 'FRA').amount.value).toBeCloseTo(0.001 / 0.2176, 12);
    expect(only('petrol-car-km', of, 'FRA').zone).toBeUndefined();
    const usa = only('smartphone-charges', of, 'USA');
    expect(usa.amount.value).toBeLessThan(equivalent.amount.value);
  });

  it('rejects an unknown zone or equivalent', () => {
    expect(() => equivalents(impacts({}), { zone: 'ATLANTIS' })).toThrow(/options.zone/);
    expect(() => equivalents(impacts({}), { only: ['horse-km' as EquivalentId] })).toThrow(/options.only/);
  });
});

describe('perDayForAYear', () => {
  it('multiplies by times per day × 365', () => {
    const year = perDayForAYear(impacts({ energy: 0.001, gwp: 0.0004 }), 20);
    expect(year.energy.value).toBeCloseTo(0.001 * 20 * 365, 12);
    expect(year.gwp.max).toBeCloseTo(0.0004 * 7300, 12);
    expect(perDayForAYear(impacts({ water: 1 }), 2, 30).water.value).toBe(60);
    expect(() => perDayForAYear(impacts({}), -1)).toThrow(/timesPerDay/);
  });
});

describe('formatEquivalent', () => {
  it('formats in English and French with the unit that reads best', () => {
    const of = impacts({ energy: 0.077 / 60, gwp: 0.0002176 * 5, water: 0.0032 });
    expect(formatEquivalent(only('petrol-car-km', of))).toBe('5 m by petrol car');
    expect(formatEquivalent(only('petrol-car-km', of), { locale: 'fr' })).toBe('5\u202fm en voiture thermique');
    expect(formatEquivalent(only('video-streaming-hours', of))).toBe('1 min of video streaming');
    expect(formatEquivalent(only('video-streaming-hours', of), { locale: 'fr' })).toBe('1\u202fmin de streaming vidéo');
    expect(formatEquivalent(only('bottled-water-litres', of))).toBe('3.2 mL of bottled water');
    expect(formatEquivalent(only('bottled-water-litres', of), { locale: 'fr' })).toBe('3,2\u202fmL d’eau en bouteille');
    expect(formatEquivalent(only('led-bulb-hours', impacts({ energy: 0.018 })))).toBe('2 h of an LED bulb');
    expect(formatEquivalent(only('electric-car-km', impacts({ energy: 0.170255 * 12 })))).toBe('12 km by electric car');
    expect(formatEquivalent(only('petrol-car-km', impacts({ gwp: 0.2176 * 0.00026 })))).toBe('26 cm by petrol car');
    expect(formatEquivalent(only('petrol-car-km', impacts({ gwp: 0.2176 * 0.000004 })))).toBe('4 mm by petrol car');
  });

  it('agrees singular and plural', () => {
    expect(formatEquivalent(only('smartphone-charges', impacts({ energy: 0.0116 })))).toBe('1 smartphone charge');
    expect(formatEquivalent(only('smartphone-charges', impacts({ energy: 0.0116 * 3 })))).toBe('3 smartphone charges');
    expect(formatEquivalent(only('smartphone-charges', impacts({ energy: 0.0116 * 0.5 })), { locale: 'fr' })).toBe('0,5 recharge de smartphone');
    expect(formatEquivalent(only('smartphone-charges', impacts({ energy: 0.0116 * 2 })), { locale: 'fr' })).toBe('2 recharges de smartphone');
  });

  it('says which grid a zone-aware equivalent used', () => {
    expect(formatEquivalent(only('smartphone-charges', impacts({ gwp: 1 }), 'FRA'))).toMatch(/\(CO2e, FRA grid\)$/);
    expect(formatEquivalent(only('smartphone-charges', impacts({ gwp: 1 }), 'FRA'), { locale: 'fr' })).toMatch(/\(en CO2e, électricité FRA\)$/);
  });
});

describe('formatResources', () => {
  it('goes down to nanograms for a request’s abiotic resources', () => {
    expect(formatResources(4.2e-12)).toBe('4.2 ng Sb eq');
    expect(formatResources(4.2e-12, { locale: 'fr' })).toBe('4,2\u202fng Sb eq');
    expect(formatResources(4.1e-9)).toBe('4.1 µg Sb eq');
  });
});
