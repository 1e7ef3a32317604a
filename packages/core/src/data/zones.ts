import type { ZoneEntry } from '../catalog-types';

const ECOLOGITS = { title: 'EcoLogits 0.9.1 electricity mixes (ADEME Base Empreinte, WRI water)', url: 'https://github.com/genai-impact/ecologits/blob/0.9.1/ecologits/data/electricity_mixes.csv', date: '2025-11-13' } as const;

/** Electricity zones and their impact factors per kWh. */
export const ZONES: readonly ZoneEntry[] = [
  { code: 'BRA', name: 'Brazil', year: 2024, gwp: 0.10321, adpe: 1.0962e-07, pe: 1.7701, water: 18.6033, sources: { gwp: ECOLOGITS, adpe: ECOLOGITS, pe: ECOLOGITS, water: ECOLOGITS }, ecologits: { gwp: 0.10321, adpe: 1.0962e-07, pe: 1.7701, water: 18.6033 } },
  { code: 'CHN', name: 'China', year: 2024, gwp: 0.55955, adpe: 8.516e-08, pe: 10.6736, water: 6.0065, sources: { gwp: ECOLOGITS, adpe: ECOLOGITS, pe: ECOLOGITS, water: ECOLOGITS }, ecologits: { gwp: 0.55955, adpe: 8.516e-08, pe: 10.6736, water: 6.0065 } },
  { code: 'FRA', name: 'France', year: 2024, gwp: 0.04418, adpe: 4.858e-08, pe: 9.3135, water: 3.6737, sources: { gwp: ECOLOGITS, adpe: ECOLOGITS, pe: ECOLOGITS, water: ECOLOGITS }, ecologits: { gwp: 0.04418, adpe: 4.858e-08, pe: 9.3135, water: 3.6737 } },
  { code: 'IRL', name: 'Ireland', year: 2024, gwp: 0.2797, adpe: 2.193e-08, pe: 8.0614, water: 1.4769, sources: { gwp: ECOLOGITS, adpe: ECOLOGITS, pe: ECOLOGITS, water: ECOLOGITS }, ecologits: { gwp: 0.2797, adpe: 2.193e-08, pe: 8.0614, water: 1.4769 } },
  { code: 'SWE', name: 'Sweden', year: 2024, gwp: 0.03582, adpe: 7.771e-08, pe: 4.7301, water: 6.0315, sources: { gwp: ECOLOGITS, adpe: ECOLOGITS, pe: ECOLOGITS, water: ECOLOGITS }, ecologits: { gwp: 0.03582, adpe: 7.771e-08, pe: 4.7301, water: 6.0315 } },
  { code: 'USA', name: 'United States', year: 2024, gwp: 0.38355, adpe: 9.855e-08, pe: 9.6884, water: 3.1321, sources: { gwp: ECOLOGITS, adpe: ECOLOGITS, pe: ECOLOGITS, water: ECOLOGITS }, ecologits: { gwp: 0.38355, adpe: 9.855e-08, pe: 9.6884, water: 3.1321 } },
  { code: 'WOR', name: 'World', year: 2024, gwp: 0.47301, adpe: 1.349e-08, pe: 2.5871, water: 3.908, sources: { gwp: ECOLOGITS, adpe: ECOLOGITS, pe: ECOLOGITS, water: ECOLOGITS }, ecologits: { gwp: 0.47301, adpe: 1.349e-08, pe: 2.5871, water: 3.908 } },
];
