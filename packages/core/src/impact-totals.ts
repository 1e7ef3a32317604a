import type { Impacts } from './impact-report';

/** Running totals of a set of requests: how many, their tokens, and each impact summed. */
export interface ImpactTotals extends Impacts {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Requests that failed (counted in `requests` too). */
  readonly failed: number;
  /** Requests the caller aborted (counted in `requests` too). */
  readonly aborted: number;
}

/** Totals and their breakdowns by provider, by model (`provider/model`) and by each tag key. */
export interface ImpactBreakdown {
  readonly totals: ImpactTotals;
  readonly byProvider: Readonly<Record<string, ImpactTotals>>;
  readonly byModel: Readonly<Record<string, ImpactTotals>>;
  readonly byTag: Readonly<Record<string, Readonly<Record<string, ImpactTotals>>>>;
}
