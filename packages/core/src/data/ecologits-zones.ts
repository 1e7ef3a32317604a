import type { ElectricityFactors } from '../catalog-types';

/**
 * EcoLogits 0.9.1's electricity mixes, transcribed figure for figure so that
 * `methodology: 'ecologits'` reproduces EcoLogits exactly: `gwp` kgCO2eq/kWh, `adpe` kgSbeq/kWh,
 * `pe` MJ/kWh and `water` L/kWh (EcoLogits' `wue` column).
 * Source: genai-impact/ecologits, tag 0.9.1 (commit 2d0a1c76, 2025-11-13),
 * ecologits/data/electricity_mixes.csv (ADEME Base Empreinte for ADPe and PE, Ember for GWP,
 * World Resources Institute for water). WattLens' own factors are in `zones.ts`.
 * One line per zone: `scripts/generate-zones.mjs` reads this file.
 */
export const ECOLOGITS_ZONES = {
  ARG: { gwp: 0.35895, adpe: 7.686e-8, pe: 7.8888, water: 11.4558 },
  AUS: { gwp: 0.55159, adpe: 7.908e-8, pe: 12.2247, water: 4.7293 },
  AUT: { gwp: 0.10262, adpe: 1.4112e-7, pe: 2.8363, water: 5.7222 },
  BEL: { gwp: 0.11758, adpe: 3.372e-8, pe: 8.9876, water: 2.6198 },
  BGR: { gwp: 0.26421, adpe: 8.236e-8, pe: 12.118, water: 4.6228 },
  BRA: { gwp: 0.10321, adpe: 1.0962e-7, pe: 1.7701, water: 18.6033 },
  CAN: { gwp: 0.17481, adpe: 9.932e-8, pe: 4.1955, water: 8.1662 },
  CHE: { gwp: 0.0366, adpe: 1.0047e-7, pe: 4.7362, water: 5.6641 },
  CHL: { gwp: 0.26552, adpe: 1.0585e-7, pe: 6.434, water: 10.5226 },
  CHN: { gwp: 0.55955, adpe: 8.516e-8, pe: 10.6736, water: 6.0065 },
  CYP: { gwp: 0.51224, adpe: 4.488e-8, pe: 11.9763, water: 1.2947 },
  CZE: { gwp: 0.41386, adpe: 8.176e-8, pe: 11.103, water: 3.2133 },
  DEU: { gwp: 0.34414, adpe: 8.787e-8, pe: 8.7477, water: 1.947 },
  DNK: { gwp: 0.1433, adpe: 1.574e-8, pe: 6.6454, water: 3.1935 },
  ESP: { gwp: 0.14615, adpe: 5.183e-8, pe: 7.4839, water: 6.2088 },
  EST: { gwp: 0.34102, adpe: 9.902e-8, pe: 14.2926, water: 2.1986 },
  FIN: { gwp: 0.07225, adpe: 8.051e-8, pe: 6.2915, water: 4.5289 },
  FRA: { gwp: 0.04418, adpe: 4.858e-8, pe: 9.3135, water: 3.6737 },
  GBR: { gwp: 0.21089, adpe: 3.71e-8, pe: 9.0976, water: 2.329 },
  GRC: { gwp: 0.31976, adpe: 6.916e-8, pe: 10.5179, water: 5.1451 },
  HUN: { gwp: 0.18282, adpe: 6.446e-8, pe: 10.5942, water: 3.6874 },
  IDN: { gwp: 0.68243, adpe: 6.105e-8, pe: 9.7582, water: 2.2554 },
  IND: { gwp: 0.70832, adpe: 1.001e-7, pe: 16.6775, water: 3.4368 },
  IRL: { gwp: 0.2797, adpe: 2.193e-8, pe: 8.0614, water: 1.4769 },
  ISL: { gwp: 0.02833, adpe: 7.819e-8, pe: 0.0128, water: 6.1409 },
  ITA: { gwp: 0.28753, adpe: 5.439e-8, pe: 7.9351, water: 4.8374 },
  JPN: { gwp: 0.48232, adpe: 5.966e-8, pe: 9.1105, water: 2.3063 },
  KOR: { gwp: 0.41427, adpe: 5.18e-8, pe: 9.9136, water: 1.8877 },
  LTU: { gwp: 0.13934, adpe: 2.946e-8, pe: 10.6476, water: 5.8994 },
  LUX: { gwp: 0.13462, adpe: 1.0569e-7, pe: 8.0213, water: 12.7784 },
  LVA: { gwp: 0.13622, adpe: 1.5376e-7, pe: 3.7781, water: 2.5526 },
  MEX: { gwp: 0.48483, adpe: 5.784e-8, pe: 9.9732, water: 5.3047 },
  MLT: { gwp: 0.48416, adpe: 4.948e-8, pe: 16.3514, water: 1.1185 },
  MYS: { gwp: 0.60443, adpe: 4.494e-8, pe: 10.5875, water: 1.6778 },
  NLD: { gwp: 0.25331, adpe: 3.293e-8, pe: 7.4815, water: 3.433 },
  NOR: { gwp: 0.03075, adpe: 1.2749e-7, pe: 0.1386, water: 6.6633 },
  NZL: { gwp: 0.12011, adpe: 7.205e-8, pe: 3.9817, water: 14.9681 },
  POL: { gwp: 0.61498, adpe: 1.0195e-7, pe: 11.1352, water: 2.5135 },
  PRT: { gwp: 0.11229, adpe: 3.419e-8, pe: 6.5813, water: 9.5932 },
  ROU: { gwp: 0.24555, adpe: 9.818e-8, pe: 9.1329, water: 7.3563 },
  RUS: { gwp: 0.4492, adpe: 9.603e-8, pe: 10.9691, water: 3.4595 },
  SVK: { gwp: 0.09649, adpe: 6.061e-8, pe: 8.8184, water: 5.7952 },
  SVN: { gwp: 0.22765, adpe: 9.923e-8, pe: 8.4293, water: 2.9769 },
  SWE: { gwp: 0.03582, adpe: 7.771e-8, pe: 4.7301, water: 6.0315 },
  THA: { gwp: 0.5545, adpe: 5.696e-8, pe: 9.0495, water: 2.8902 },
  TUR: { gwp: 0.4697, adpe: 7.498e-8, pe: 8.7855, water: 4.9197 },
  TWN: { gwp: 0.63565, adpe: 5.781e-8, pe: 10.9587, water: 1.4886 },
  UKR: { gwp: 0.25621, adpe: 6.479e-8, pe: 12.2117, water: 2.1306 },
  USA: { gwp: 0.38355, adpe: 9.855e-8, pe: 9.6884, water: 3.1321 },
  WOR: { gwp: 0.47301, adpe: 1.349e-8, pe: 2.5871, water: 3.908 },
} as const satisfies Readonly<Record<string, ElectricityFactors>>;

/** Where {@link ECOLOGITS_ZONES} comes from. */
export const ECOLOGITS_ZONES_SOURCE = {
  title: 'EcoLogits 0.9.1 electricity mixes (ecologits/data/electricity_mixes.csv: Ember GWP, ADEME Base Empreinte ADPe and PE, WRI water)',
  url: 'https://github.com/genai-impact/ecologits/blob/0.9.1/ecologits/data/electricity_mixes.csv',
  date: '2025-11-13',
} as const;
