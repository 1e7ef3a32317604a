import type { Span } from '@opentelemetry/api';

/** One request's impacts in the units the metrics use: J, g of CO2e, L, each as value, min, max. */
export interface ExportedImpacts {
  readonly energy: readonly [number, number, number];
  readonly co2e: readonly [number, number, number];
  readonly water: readonly [number, number, number];
}

interface SpanTotals {
  requests: number;
  readonly energy: [number, number, number];
  readonly co2e: [number, number, number];
  readonly water: [number, number, number];
}

const CRITERIA = ['energy', 'co2e', 'water'] as const;

/**
 * Adds impacts to spans as attributes. A span that covers several requests (a user's request
 * handler calling a model twice) carries their sum, so its attributes hold everything it cost:
 * `wattlens.requests`, `wattlens.energy` (J), `wattlens.co2e` (g), `wattlens.water` (L), each
 * with `.min` and `.max`. Totals are kept per span in a WeakMap, released with the span.
 */
export class SpanImpact {
  readonly #totals = new WeakMap<Span, SpanTotals>();

  add(span: Span, impacts: ExportedImpacts): void {
    if (!span.isRecording()) return;
    let totals = this.#totals.get(span);
    if (totals === undefined) {
      totals = { requests: 0, energy: [0, 0, 0], co2e: [0, 0, 0], water: [0, 0, 0] };
      this.#totals.set(span, totals);
    }
    totals.requests += 1;
    const attributes: Record<string, number> = { 'wattlens.requests': totals.requests };
    for (const criterion of CRITERIA) {
      const sum = totals[criterion];
      const added = impacts[criterion];
      sum[0] += added[0];
      sum[1] += added[1];
      sum[2] += added[2];
      attributes[`wattlens.${criterion}`] = sum[0];
      attributes[`wattlens.${criterion}.min`] = sum[1];
      attributes[`wattlens.${criterion}.max`] = sum[2];
    }
    span.setAttributes(attributes);
  }
}
