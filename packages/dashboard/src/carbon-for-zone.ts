import type { Range } from '@wattlens/core';
import type { ZoneRecompute } from './dashboard-snapshot';

/**
 * The greenhouse gases of the requests summed in a {@link ZoneRecompute} had their electricity
 * come from a grid with another carbon intensity: the grid-independent part (embodied emissions)
 * plus the energy priced at `zoneGwp`, bound by bound. Both methodologies price usage emissions
 * as facility energy × the zone's factor, so this is exactly what `estimate()` would give with
 * that zone, for the same energy.
 *
 * @param recompute - From a dashboard snapshot's `carbon.totals` or `carbon.byProvider[id]`.
 * @param zoneGwp - The zone's carbon intensity, kgCO2eq per kWh (a `DashboardZone`'s `gwp`).
 * @returns kgCO2eq, as `{ value, min, max }`.
 * @example
 * ```ts
 * const france = snapshot.carbon.totals;
 * console.log(formatCarbon(carbonForZone(france, 0.04418).value));
 * ```
 */
export function carbonForZone(recompute: ZoneRecompute, zoneGwp: number): Range {
  return {
    value: recompute.fixedGwp.value + recompute.energy.value * zoneGwp,
    min: recompute.fixedGwp.min + recompute.energy.min * zoneGwp,
    max: recompute.fixedGwp.max + recompute.energy.max * zoneGwp,
  };
}
