import type { EstimateOptions, EstimateRequest } from './estimate';
import type { ImpactStatus } from './impact-context';
import type { ImpactReport, ReportedRequest } from './impact-report';
import type { MethodologyInput } from './internal/resolve-request';
import { defaultCatalog } from './catalog';
import { estimate } from './estimate';
import { countsDelta, DELTA_IMPACTS, reportDelta } from './internal/aggregate';
import { failedEstimateReport } from './internal/failed-estimate';
import { resolveRequest } from './internal/resolve-request';
import { prepareWattlens, wattlensImpactsInto, wattlensMethodology } from './methodologies/wattlens';

/**
 * A request's impact report, computed when something first reads it: what
 * {@link RequestTracker.end} returns. The request was validated and resolved against the catalog
 * when it ended, so the report is the one `estimate()` gave then, whenever it is read; reading it
 * again returns the same object. Right after an SDK call the estimate's code and data are out of the
 * processor's caches, which makes it several times slower than in a loop: a meter that nothing
 * reads per request computes the reports of its held requests together, and a result's `impact`
 * computes its own when read.
 */
export interface DeferredReport {
  /** The request as the report will give it: provider, model, counts, latency. */
  readonly request: ReportedRequest;
  /** The report, computed on the first read. */
  readonly report: ImpactReport;
}

/** {@link DeferredReport} of core's instrumentation. */
export class DeferredEstimate implements DeferredReport {
  readonly request: ReportedRequest;
  #report: ImpactReport | undefined;
  #input: MethodologyInput | undefined;
  /** What the request and its options were, for the report of an estimate that throws. */
  #source: EstimateRequest | undefined;
  #options: EstimateOptions | undefined;

  private constructor(request: ReportedRequest, report: ImpactReport | undefined, input: MethodologyInput | undefined, source: EstimateRequest | undefined, options: EstimateOptions | undefined) {
    this.request = request;
    this.#report = report;
    this.#input = input;
    this.#source = source;
    this.#options = options;
  }

  /** A report computed already. */
  static of(report: ImpactReport): DeferredEstimate {
    return new DeferredEstimate(report.request, report, undefined, undefined, undefined);
  }

  /**
   * Validates and resolves a request now, and estimates it when first read. The `wattlens`
   * methodology keeps its plan (zone, hardware, serving assumptions) from now; `ecologits`, whose
   * figures read the catalog as they are computed, is estimated now. A request `estimate()` refuses
   * gets the failed-estimate report (zero figures, an `estimate-failed` warning) now.
   *
   * @param request - The request, as `estimate()` takes it.
   * @param options - Its estimate options.
   * @returns The deferred report.
   */
  static estimate(request: EstimateRequest, options: EstimateOptions): DeferredEstimate {
    try {
      if (options.methodology !== undefined && options.methodology !== 'wattlens') return DeferredEstimate.of(estimate(request, options));
      const input = resolveRequest(request, options, options.catalog ?? defaultCatalog);
      prepareWattlens(input);
      return new DeferredEstimate(input.request, undefined, input, request, options);
    } catch (error) {
      return DeferredEstimate.of(failedEstimateReport(request, options, error));
    }
  }

  /**
   * What a meter adds of the request (see `reportDelta`), written into `delta`: from the report
   * when it was read already, else from the totals alone, without building the report (the same
   * numbers), which stays to be computed if something reads it later.
   *
   * @param status - The request's status.
   * @param delta - The meter's array for one request's amounts.
   * @returns `delta`.
   */
  deltaInto(status: ImpactStatus, delta: Float64Array): Float64Array {
    const input = this.#input;
    if (this.#report === undefined && input !== undefined) {
      try {
        wattlensImpactsInto(input, delta, DELTA_IMPACTS);
        return countsDelta(delta, input.request.inputTokens, input.request.outputTokens, status);
      } catch {
        // The report's own path gives the failed-estimate report.
      }
    }
    return reportDelta(this.report, status, delta);
  }

  /** Whether the report has been computed (by a hook, say). */
  get computed(): boolean {
    return this.#report !== undefined;
  }

  get report(): ImpactReport {
    let report = this.#report;
    if (report === undefined) {
      try {
        report = wattlensMethodology(this.#input as MethodologyInput);
      } catch (error) {
        report = failedEstimateReport(this.#source as EstimateRequest, this.#options as EstimateOptions, error);
      }
      this.#report = report;
      this.#input = undefined;
      this.#source = undefined;
      this.#options = undefined;
    }
    return report;
  }
}
