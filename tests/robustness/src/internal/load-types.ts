// What the load run's parent and child share: its configuration, its plan of requests, its result.
import type { ImpactReport, ImpactTotals } from '@wattlens/core';

/** The adapters the load run spreads its requests across, in turn. */
export const LOAD_ADAPTERS = ['openai', 'mistral', 'huggingface'] as const;

/** One of {@link LOAD_ADAPTERS}. */
export type LoadAdapter = (typeof LOAD_ADAPTERS)[number];

/** The impacts whose sums are compared, each as value, min and max. */
export const SUMMED_METRICS = ['energy', 'gwp', 'water', 'adpe', 'pe'] as const;

/** One of {@link SUMMED_METRICS}. */
export type SummedMetric = (typeof SUMMED_METRICS)[number];

/** Sums of value, min and max of each impact over a set of reports. */
export type MetricSums = Record<SummedMetric, { value: number; min: number; max: number }>;

/** What the parent tells the child. */
export interface LoadConfig {
  /** The simulator's base URLs. */
  readonly urls: { readonly openai: string; readonly mistral: string; readonly huggingface: string };
  /** Requests to send in all. */
  readonly requests: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** The ledger file the child writes. */
  readonly ledgerPath: string;
}

/** What the child reports (one JSON line). No text of any request or reply. */
export interface LoadResult {
  readonly requests: number;
  readonly concurrency: number;
  /** Requests sent per adapter and kind (`openai`, `openai-stream`, …). */
  readonly byAdapter: Readonly<Record<string, number>>;
  /** Results (or streams) that carried a report. */
  readonly reportsSeen: number;
  /** Results that carried none. */
  readonly missingReports: number;
  /** Reports a result carried that `onImpact` never received. */
  readonly reportsNotFromHook: number;
  /** `onImpact` calls in all. */
  readonly hookCalls: number;
  /** Requests that threw (the first five with their error). */
  readonly failures: readonly string[];
  /** The sums of the reports the callers' results carried. */
  readonly sums: MetricSums;
  /** The meter's totals at the end. */
  readonly totals: ImpactTotals;
  /** `impact-recorded` listeners while the ledger was attached, and after it was closed. */
  readonly meterListenersWhileAttached: number;
  readonly meterListenersAfterClose: number;
  /** Ledger write failures, as `reason:records`. */
  readonly ledgerErrors: readonly string[];
  /** Names of the process warnings emitted during the run (MaxListenersExceededWarning…). */
  readonly warnings: readonly string[];
  /** What kept the event loop alive once everything was closed (standard streams excepted). */
  readonly activeResources: readonly string[];
  /** Process listener counts before and after the run, by event. */
  readonly listenersBefore: Readonly<Record<string, number>>;
  readonly listenersAfter: Readonly<Record<string, number>>;
  /** Highest resident set size and V8 heap used, sampled every 20 ms and every 100 requests. */
  readonly peakRssBytes: number;
  readonly peakHeapUsedBytes: number;
  /** Wall time and CPU time (user + system) of the requests. */
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Requests sent again because the simulator had closed their idle connection before reading them. */
  readonly staleConnectionRetries: number;
  /** The longest event-loop delay of the client process during the run. */
  readonly eventLoopDelayMaxMs: number;
}

/** Models each adapter's requests cycle through. */
const MODELS: Readonly<Record<LoadAdapter, readonly string[]>> = {
  openai: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-nano'],
  mistral: ['mistral-small-latest', 'mistral-large-latest', 'ministral-8b-latest'],
  huggingface: ['meta-llama/Llama-3.1-8B-Instruct', 'Qwen/Qwen2.5-7B-Instruct'],
};

/**
 * Request `index` of a load run: its adapter (in turn), stream or not (every other round), reply
 * length (8 to 32 tokens, varied so that reports differ) and model.
 *
 * @param index - 0-based request number.
 * @returns What to send.
 * @example
 * ```ts
 * loadPlan(4); // { adapter: 'mistral', streamed: true, outputTokens: …, model: … }
 * ```
 */
export function loadPlan(index: number): { adapter: LoadAdapter; streamed: boolean; outputTokens: number; model: string } {
  const adapter = LOAD_ADAPTERS[index % LOAD_ADAPTERS.length] as LoadAdapter;
  const round = Math.floor(index / LOAD_ADAPTERS.length);
  const models = MODELS[adapter];
  return {
    adapter,
    streamed: round % 2 === 1,
    outputTokens: 8 + ((index * 7919) % 25),
    model: models[round % models.length] as string,
  };
}

/**
 * Zero sums.
 *
 * @returns Sums to add reports to.
 * @example
 * ```ts
 * const sums = emptySums();
 * ```
 */
export function emptySums(): MetricSums {
  return Object.fromEntries(SUMMED_METRICS.map((metric) => [metric, { value: 0, min: 0, max: 0 }])) as MetricSums;
}

/**
 * Adds a report's impacts (value, min and max) to sums.
 *
 * @param sums - Updated in place.
 * @param report - The report to add.
 * @example
 * ```ts
 * addReport(sums, getImpact(result));
 * ```
 */
export function addReport(sums: MetricSums, report: Pick<ImpactReport, SummedMetric>): void {
  for (const metric of SUMMED_METRICS) {
    sums[metric].value += report[metric].value;
    sums[metric].min += report[metric].min;
    sums[metric].max += report[metric].max;
  }
}
