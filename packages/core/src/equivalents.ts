import type { Catalog } from './catalog';
import type { DataSource } from './catalog-types';
import type { FormatLocale, FormatOptions } from './format';
import type { Impacts, Range } from './impact-report';
import { defaultCatalog } from './catalog';
import { InvalidRequestError } from './errors/invalid-request-error';

/** An everyday activity an impact can be compared with. */
export type EquivalentId =
  | 'petrol-car-km'
  | 'electric-car-km'
  | 'smartphone-charges'
  | 'video-streaming-hours'
  | 'led-bulb-hours'
  | 'bottled-water-litres';

/** Which impact an equivalent compares: greenhouse gases (kgCO2eq), energy (kWh) or water (L). */
export type EquivalentBasis = 'gwp' | 'energy' | 'water';

/** One everyday activity and what one unit of it costs, with the source of the figure. */
export interface EquivalentDefinition {
  readonly id: EquivalentId;
  readonly basis: EquivalentBasis;
  /** Cost of one unit of the activity, in the basis' unit (kgCO2eq, kWh or L). */
  readonly perUnit: number;
  /** The activity's unit. */
  readonly unit: 'km' | 'charge' | 'hour' | 'litre';
  /** How the figure was obtained from its source. */
  readonly derivation: string;
  readonly source: DataSource;
}

const MILE_KM = 1.609344;

/**
 * The constants behind every equivalent. Each figure comes from the cited source; `derivation`
 * gives the arithmetic. docs/meters.md, "Equivalents", lists them too.
 */
export const EQUIVALENTS: readonly EquivalentDefinition[] = [
  {
    id: 'petrol-car-km',
    basis: 'gwp',
    perUnit: 0.192 + 0.0256,
    unit: 'km',
    derivation: 'ADEME Impact CO2, "Voiture, moteur thermique", one occupant: 0.192 kgCO2e/km for fuel production and combustion plus 0.0256 kgCO2e/km for building the car = 0.2176 kgCO2e/km (Base Empreinte). For comparison, EPA puts a typical US passenger vehicle at 3.93e-4 tCO2e per mile (0.244 kg/km, tailpipe only).',
    source: {
      title: 'ADEME Impact CO2 (impactco2.fr), transport data from Base Empreinte: src/data/categories/deplacement.json, "voiturethermique"',
      url: 'https://github.com/incubateur-ademe/impactco2/blob/1540e08d006f9cdd5ad2b29cc723da966f6c6d4c/src/data/categories/deplacement.json',
      date: '2026-11',
    },
  },
  {
    id: 'electric-car-km',
    basis: 'energy',
    perUnit: 27.4 / (100 * MILE_KM),
    unit: 'km',
    derivation: 'US EPA combined rating of the Tesla Model Y AWD, model year 2023 (the best-selling car worldwide in 2023): 27.4 kWh per 100 miles, from the wall, charging losses included = 0.170 kWh/km.',
    source: {
      title: 'US DOE and EPA, Fuel Economy Information, model year 2023 ratings (Tesla Model Y AWD: 27.4 kWh/100 mi combined)',
      url: 'https://www.fueleconomy.gov',
      date: '2023-05',
    },
  },
  {
    id: 'smartphone-charges',
    basis: 'energy',
    perUnit: (14.46 - 22 * 0.13) / 1000,
    unit: 'charge',
    derivation: 'EPA: a smartphone charger draws 14.46 Wh over 24 hours, of which 22 hours in maintenance mode at 0.13 W; (14.46 Wh − 22 h × 0.13 W) = 11.6 Wh = 0.0116 kWh per full charge.',
    source: {
      title: 'US EPA, Greenhouse Gas Equivalencies Calculator — Calculations and References, "Number of smartphones charged"',
      url: 'https://www.epa.gov/energy/greenhouse-gas-equivalencies-calculator-calculations-and-references',
      date: '2024',
    },
  },
  {
    id: 'video-streaming-hours',
    basis: 'energy',
    perUnit: 0.077,
    unit: 'hour',
    derivation: 'IEA central estimate for one hour of streaming video in 2019, data centres, networks and viewing device included: 0.077 kWh (updated December 2020; 36 gCO2 on the world-average grid).',
    source: {
      title: 'George Kamiya, IEA, "The carbon footprint of streaming video: fact-checking the headlines" (updated 11 December 2020)',
      url: 'https://www.iea.org/commentaries/the-carbon-footprint-of-streaming-video-fact-checking-the-headlines',
      date: '2020-12-11',
    },
  },
  {
    id: 'led-bulb-hours',
    basis: 'energy',
    perUnit: 9 / 1000,
    unit: 'hour',
    derivation: 'EPA: a 9 W LED bulb gives the light of a 43 W incandescent one; one hour = 0.009 kWh.',
    source: {
      title: 'US EPA, Greenhouse Gas Equivalencies Calculator — Calculations and References, "Incandescent lamps switched to light-emitting diode bulbs"',
      url: 'https://www.epa.gov/energy/greenhouse-gas-equivalencies-calculator-calculations-and-references',
      date: '2024',
    },
  },
  {
    id: 'bottled-water-litres',
    basis: 'water',
    perUnit: 1,
    unit: 'litre',
    derivation: 'The water consumed, shown as the volume of bottled water it would fill: 1 L per litre.',
    source: { title: 'Definition of the litre (SI)', date: '2019-05-20' },
  },
];

/** An impact expressed as an amount of an everyday activity. */
export interface Equivalent {
  readonly id: EquivalentId;
  /** How many units of the activity, as a range following the impact's. */
  readonly amount: Range;
  readonly unit: EquivalentDefinition['unit'];
  /** The impact compared: for an energy-based activity converted for a zone, `gwp`. */
  readonly basis: EquivalentBasis;
  /** The zone whose grid the activity's electricity was priced at, for a zone-aware comparison. */
  readonly zone?: string;
  /** Cost of one unit in the basis' unit (kgCO2eq, kWh or L), as used. */
  readonly perUnit: number;
}

/** Options of {@link equivalents}. */
export interface EquivalentsOptions {
  /**
   * Compare the electricity-powered activities (electric car, smartphone, streaming, LED) in
   * greenhouse gases, with their electricity drawn from this zone's grid (e.g. where your users
   * live), instead of in energy. @default undefined (compare energy with energy, whatever the grid)
   */
  readonly zone?: string;
  /** Where the zone's factors come from. @default defaultCatalog */
  readonly catalog?: Catalog;
  /** Which equivalents to compute, in this order. @default all of {@link EQUIVALENTS} */
  readonly only?: readonly EquivalentId[];
}

function divide(range: Range, perUnit: number): Range {
  return { value: range.value / perUnit, min: range.min / perUnit, max: range.max / perUnit };
}

/**
 * Expresses impacts as everyday activities: km by petrol or electric car, smartphone charges,
 * hours of video streaming or of a LED bulb, litres of bottled water. Every constant is in
 * {@link EQUIVALENTS}, with its source.
 *
 * @param impacts - A report, meter totals, or any {@link Impacts}.
 * @param options - A zone for carbon-based comparisons of electric activities; which equivalents.
 * @returns One equivalent per activity.
 * @throws {InvalidRequestError} when `zone` is not in the catalog or `only` names an unknown equivalent.
 * @example
 * ```ts
 * for (const equivalent of equivalents(report)) console.log(formatEquivalent(equivalent));
 * // '1.3 m by petrol car', '0.02 smartphone charges', …
 * ```
 */
export function equivalents(impacts: Impacts, options: EquivalentsOptions = {}): Equivalent[] {
  const zone = options.zone === undefined ? undefined : (options.catalog ?? defaultCatalog).findZone(options.zone);
  if (options.zone !== undefined && zone === undefined) {
    throw new InvalidRequestError({ field: 'options.zone', value: options.zone, expected: 'a zone of the catalog, e.g. FRA, USA or WOR' });
  }
  const wanted = options.only ?? EQUIVALENTS.map((definition) => definition.id);
  return wanted.map((id) => {
    const definition = EQUIVALENTS.find((candidate) => candidate.id === id);
    if (definition === undefined) {
      throw new InvalidRequestError({ field: 'options.only', value: id, expected: EQUIVALENTS.map((candidate) => candidate.id).join(', ') });
    }
    if (definition.basis === 'energy' && zone !== undefined) {
      const perUnit = definition.perUnit * zone.gwp;
      return { id, amount: divide(impacts.gwp, perUnit), unit: definition.unit, basis: 'gwp', zone: zone.code, perUnit };
    }
    return { id, amount: divide(impacts[definition.basis], definition.perUnit), unit: definition.unit, basis: definition.basis, perUnit: definition.perUnit };
  });
}

/**
 * Scales the impacts of one request to "this many times a day, for a year": what a habit costs.
 *
 * @param impacts - The impacts of one request.
 * @param timesPerDay - How many such requests a day.
 * @param days - Days in the period. @default 365
 * @returns The impacts multiplied by `timesPerDay × days`.
 * @throws {InvalidRequestError} on a negative or non-finite count.
 * @example
 * ```ts
 * const year = perDayForAYear(report, 20);
 * console.log(formatCarbon(year.gwp.value)); // e.g. '9.1 kg CO2e'
 * ```
 */
export function perDayForAYear(impacts: Impacts, timesPerDay: number, days = 365): Impacts {
  for (const [field, value] of [['timesPerDay', timesPerDay], ['days', days]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidRequestError({ field, value, expected: 'a non-negative finite number' });
    }
  }
  const factor = timesPerDay * days;
  const scale = (range: Range): Range => ({ value: range.value * factor, min: range.min * factor, max: range.max * factor });
  return { energy: scale(impacts.energy), gwp: scale(impacts.gwp), adpe: scale(impacts.adpe), pe: scale(impacts.pe), water: scale(impacts.water) };
}

interface Words {
  /** The phrase, with `{amount}` standing for the formatted amount and unit. */
  readonly phrase: string;
  /** Unit word for counted units, singular and plural (charges). */
  readonly one?: string;
  readonly other?: string;
}

const WORDS: Readonly<Record<FormatLocale, Readonly<Record<EquivalentId, Words>>>> = {
  en: {
    'petrol-car-km': { phrase: '{amount} by petrol car' },
    'electric-car-km': { phrase: '{amount} by electric car' },
    'smartphone-charges': { phrase: '{amount}', one: 'smartphone charge', other: 'smartphone charges' },
    'video-streaming-hours': { phrase: '{amount} of video streaming' },
    'led-bulb-hours': { phrase: '{amount} of an LED bulb' },
    'bottled-water-litres': { phrase: '{amount} of bottled water' },
  },
  fr: {
    'petrol-car-km': { phrase: '{amount} en voiture thermique' },
    'electric-car-km': { phrase: '{amount} en voiture électrique' },
    'smartphone-charges': { phrase: '{amount}', one: 'recharge de smartphone', other: 'recharges de smartphone' },
    'video-streaming-hours': { phrase: '{amount} de streaming vidéo' },
    'led-bulb-hours': { phrase: '{amount} d’ampoule LED' },
    'bottled-water-litres': { phrase: '{amount} d’eau en bouteille' },
  },
};

/** Steps of each unit, largest first: a value is shown in the first step it reaches. */
const STEPS: Readonly<Record<'km' | 'hour' | 'litre', readonly { readonly factor: number; readonly symbol: string }[]>> = {
  km: [{ factor: 1, symbol: 'km' }, { factor: 1e-3, symbol: 'm' }, { factor: 1e-5, symbol: 'cm' }, { factor: 1e-6, symbol: 'mm' }],
  hour: [{ factor: 1, symbol: 'h' }, { factor: 1 / 60, symbol: 'min' }, { factor: 1 / 3600, symbol: 's' }],
  litre: [{ factor: 1, symbol: 'L' }, { factor: 1e-3, symbol: 'mL' }, { factor: 1e-6, symbol: 'µL' }],
};

const numberFormats = new Map<string, Intl.NumberFormat>();

function formatNumber(value: number, locale: FormatLocale, digits: number): string {
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { maximumSignificantDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/**
 * Formats an equivalent for people, in English or French, with the unit that reads best
 * (m rather than 0.001 km, min rather than 0.02 h, mL rather than 0.003 L).
 *
 * @param equivalent - From {@link equivalents}.
 * @param options - Locale and significant digits.
 * @returns e.g. `1.3 m by petrol car`, `0,02 recharge de smartphone`, `4 min of video streaming (CO2e, FRA grid)`.
 * @example
 * ```ts
 * formatEquivalent(equivalents(report)[0], { locale: 'fr' }); // '1,3 m en voiture thermique'
 * ```
 */
export function formatEquivalent(equivalent: Equivalent, options: FormatOptions = {}): string {
  const locale = options.locale ?? 'en';
  const digits = options.digits ?? 2;
  const words = WORDS[locale][equivalent.id];
  const space = locale === 'fr' ? '\u202f' : ' ';
  const value = equivalent.amount.value;
  let amount: string;
  if (equivalent.unit === 'charge') {
    const plural = new Intl.PluralRules(locale === 'fr' ? 'fr-FR' : 'en-US').select(value) === 'one' ? words.one : words.other;
    amount = `${formatNumber(value, locale, digits)} ${plural ?? ''}`.trimEnd();
  } else {
    const steps = STEPS[equivalent.unit];
    const magnitude = Math.abs(value);
    const step = steps.find((candidate) => magnitude >= candidate.factor * 0.9995) ?? steps[steps.length - 1] ?? { factor: 1, symbol: '' };
    const shown = value === 0 ? (steps[0] ?? step) : step;
    amount = `${formatNumber(value / shown.factor, locale, digits)}${space}${shown.symbol}`;
  }
  const phrase = words.phrase.replace('{amount}', amount);
  if (equivalent.zone === undefined) return phrase;
  return locale === 'fr' ? `${phrase} (en CO2e, électricité ${equivalent.zone})` : `${phrase} (CO2e, ${equivalent.zone} grid)`;
}
