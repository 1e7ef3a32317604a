import type { Range } from './impact-report';

/** Locales the formatters speak. */
export type FormatLocale = 'en' | 'fr';

/** Options of the `format*` functions. */
export interface FormatOptions {
  /** @default 'en' */
  readonly locale?: FormatLocale;
  /** Significant digits. @default 3 */
  readonly digits?: number;
}

interface Unit {
  readonly symbol: string;
  /** How many base units one of this unit is. */
  readonly factor: number;
}

/** Units per quantity, smallest first; the base unit of each list has factor 1. */
const UNITS = {
  energy: [
    { symbol: 'µWh', factor: 1e-9 },
    { symbol: 'mWh', factor: 1e-6 },
    { symbol: 'Wh', factor: 1e-3 },
    { symbol: 'kWh', factor: 1 },
    { symbol: 'MWh', factor: 1e3 },
    { symbol: 'GWh', factor: 1e6 },
  ],
  mass: [
    // Nanograms: the abiotic resources of one request are often well below a microgram of Sb eq.
    { symbol: 'ng', factor: 1e-12 },
    { symbol: 'µg', factor: 1e-9 },
    { symbol: 'mg', factor: 1e-6 },
    { symbol: 'g', factor: 1e-3 },
    { symbol: 'kg', factor: 1 },
    { symbol: 't', factor: 1e3 },
  ],
  volume: [
    { symbol: 'µL', factor: 1e-6 },
    { symbol: 'mL', factor: 1e-3 },
    { symbol: 'L', factor: 1 },
    { symbol: 'm³', factor: 1e3 },
  ],
  primaryEnergy: [
    { symbol: 'mJ', factor: 1e-9 },
    { symbol: 'J', factor: 1e-6 },
    { symbol: 'kJ', factor: 1e-3 },
    { symbol: 'MJ', factor: 1 },
    { symbol: 'GJ', factor: 1e3 },
  ],
} as const satisfies Record<string, readonly Unit[]>;

type Quantity = keyof typeof UNITS;

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: FormatLocale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { maximumSignificantDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

function pickUnit(quantity: Quantity, magnitude: number): Unit {
  const units: readonly Unit[] = UNITS[quantity];
  let chosen = units[0] as Unit;
  for (const unit of units) {
    if (magnitude >= unit.factor * 0.9995) chosen = unit;
  }
  return chosen;
}

function formatIn(quantity: Quantity, value: number, options: FormatOptions, suffix = ''): string {
  if (!Number.isFinite(value)) return `— ${UNITS[quantity][0]?.symbol ?? ''}${suffix}`;
  const unit = value === 0 ? (UNITS[quantity].find((u) => u.factor === 1) as Unit) : pickUnit(quantity, Math.abs(value));
  const text = numberFormat(options.locale ?? 'en', options.digits ?? 3).format(value / unit.factor);
  // French typography puts a narrow no-break space before the unit; English a plain space.
  return `${text}${options.locale === 'fr' ? '\u202f' : ' '}${unit.symbol}${suffix}`;
}

/**
 * Formats an energy in kWh with the unit that reads best (µWh, mWh, Wh, kWh, MWh).
 *
 * @param kWh - Energy in kilowatt-hours.
 * @param options - Locale and significant digits.
 * @returns e.g. `0.34 Wh`, `1.2 mWh`, `0,34 Wh` in French.
 * @example
 * ```ts
 * formatEnergy(0.00034); // '0.34 Wh'
 * ```
 */
export function formatEnergy(kWh: number, options: FormatOptions = {}): string {
  return formatIn('energy', kWh, options);
}

/**
 * Formats a greenhouse-gas mass in kgCO2eq (ng … t CO2e).
 *
 * @param kgCO2eq - Mass in kilograms of CO2 equivalent.
 * @param options - Locale and significant digits.
 * @returns e.g. `120 mg CO2e`.
 * @example
 * ```ts
 * formatCarbon(0.00012); // '120 mg CO2e'
 * ```
 */
export function formatCarbon(kgCO2eq: number, options: FormatOptions = {}): string {
  return formatIn('mass', kgCO2eq, options, ' CO2e');
}

/**
 * Formats a volume of water in litres (µL, mL, L, m³).
 *
 * @param litres - Volume in litres.
 * @param options - Locale and significant digits.
 * @returns e.g. `3.2 mL`.
 * @example
 * ```ts
 * formatWater(0.0032); // '3.2 mL'
 * ```
 */
export function formatWater(litres: number, options: FormatOptions = {}): string {
  return formatIn('volume', litres, options);
}

/**
 * Formats an abiotic depletion potential in kgSbeq (ng … t Sb eq).
 *
 * @param kgSbeq - Mass in kilograms of antimony equivalent.
 * @param options - Locale and significant digits.
 * @returns e.g. `4.1 µg Sb eq`.
 * @example
 * ```ts
 * formatResources(4.1e-9); // '4.1 µg Sb eq'
 * ```
 */
export function formatResources(kgSbeq: number, options: FormatOptions = {}): string {
  return formatIn('mass', kgSbeq, options, ' Sb eq');
}

/**
 * Formats primary energy in MJ (mJ, J, kJ, MJ, GJ).
 *
 * @param megajoules - Primary energy in MJ.
 * @param options - Locale and significant digits.
 * @returns e.g. `3.6 kJ`.
 * @example
 * ```ts
 * formatPrimaryEnergy(0.0036); // '3.6 kJ'
 * ```
 */
export function formatPrimaryEnergy(megajoules: number, options: FormatOptions = {}): string {
  return formatIn('primaryEnergy', megajoules, options);
}

/**
 * Formats a {@link Range} with one of the formatters above: `value (min – max)`, or the value
 * alone when the range is exact.
 *
 * @param range - The range to format.
 * @param format - A formatter such as {@link formatEnergy}.
 * @param options - Locale and significant digits.
 * @returns e.g. `0.34 Wh (0.2 Wh – 0.6 Wh)`.
 * @example
 * ```ts
 * formatRange(report.energy, formatEnergy); // '1.1 Wh (0.74 Wh – 1.5 Wh)'
 * ```
 */
export function formatRange(
  range: Range,
  format: (value: number, options?: FormatOptions) => string,
  options: FormatOptions = {},
): string {
  const value = format(range.value, options);
  if (range.min === range.max) return value;
  return `${value} (${format(range.min, options)} – ${format(range.max, options)})`;
}
