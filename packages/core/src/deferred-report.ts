import type { EstimateOptions, EstimateRequest } from './estimate';
import type { ImpactStatus } from './impact-context';
import type { ImpactReport, ReportedRequest } from './impact-report';
import type { MethodologyInput } from './internal/resolve-request';
import { defaultCatalog, setBeforeCatalogChange } from './catalog';
import { estimate } from './estimate';
import { countsDelta, DELTA_IMPACTS, reportDelta } from './internal/aggregate';
import { failedEstimateReport } from './internal/failed-estimate';
import { resolveRequest } from './internal/resolve-request';
import { prepareWattlens, wattlensImpactsInto, wattlensMethodology } from './methodologies/wattlens';

/**
 * A request's impact report, computed when something first reads it: what
 * {@link RequestTracker.end} returns. The request is validated and resolved against the catalog as
 * it was when the request ended (the work itself may come later, always before the catalog
 * changes), so the report is the one `estimate()` gave then, whenever it is read; reading it
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

/** Most estimates {@link DeferredEstimate} holds unresolved before it resolves them together. */
const MOST_UNRESOLVED = 64;

/** {@link DeferredReport} of core's instrumentation. */
export class DeferredEstimate implements DeferredReport {
  static {
    // A catalog about to change first has every request that ended before resolved against it.
    setBeforeCatalogChange(() => DeferredEstimate.#resolveHeld());
  }

  /**
   * Estimates not resolved yet: they are resolved together (their code then runs warm), when
   * {@link MOST_UNRESOLVED} are held, before any catalog changes, or one by one when read.
   */
  static readonly #unresolved: DeferredEstimate[] = [];

  #request: ReportedRequest | undefined;
  #report: ImpactReport | undefined;
  #input: MethodologyInput | undefined;
  /** The request and its options, until it is resolved; for the report of an estimate that throws. */
  #source: EstimateRequest | undefined;
  #options: EstimateOptions | undefined;

  private constructor(request: ReportedRequest | undefined, report: ImpactReport | undefined, input: MethodologyInput | undefined, source: EstimateRequest | undefined, options: EstimateOptions | undefined) {
    this.#request = request;
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
   * Validates and resolves a request against the catalog as it is now, and estimates it when first
   * read. The `wattlens` methodology keeps its plan (zone, hardware, serving assumptions) from then;
   * `ecologits`, whose figures read the catalog as they are computed, is estimated now. A request
   * `estimate()` refuses gets the failed-estimate report (zero figures, an `estimate-failed`
   * warning).
   *
   * "Now" is kept without the work: a request whose options hold only values (no `deployment`,
   * no PUE or WUE object the caller could change) is resolved later, with others or when read, and
   * always before any catalog changes, which gives the same result. `request` must not change
   * afterwards (core's instrumentation builds its own).
   *
   * @param request - The request, as `estimate()` takes it.
   * @param options - Its estimate options.
   * @returns The deferred report.
   */
  static estimate(request: EstimateRequest, options: EstimateOptions): DeferredEstimate {
    if (options.methodology !== undefined && options.methodology !== 'wattlens') {
      try {
        return DeferredEstimate.of(estimate(request, options));
      } catch (error) {
        return DeferredEstimate.of(failedEstimateReport(request, options, error));
      }
    }
    const deferred = new DeferredEstimate(undefined, undefined, undefined, request, options);
    if (options.deployment !== undefined || typeof options.pue === 'object' || typeof options.wue === 'object') {
      deferred.#resolve();
      return deferred;
    }
    const unresolved = DeferredEstimate.#unresolved;
    unresolved.push(deferred);
    if (unresolved.length >= MOST_UNRESOLVED) DeferredEstimate.#resolveHeld();
    return deferred;
  }

  static #resolveHeld(): void {
    const unresolved = DeferredEstimate.#unresolved;
    for (let index = 0; index < unresolved.length; index += 1) (unresolved[index] as DeferredEstimate).#resolve();
    unresolved.length = 0;
  }

  /** Validates and resolves the request (once), or makes its failed-estimate report. */
  #resolve(): void {
    if (this.#request !== undefined) return;
    const request = this.#source as EstimateRequest;
    const options = this.#options as EstimateOptions;
    try {
      const input = resolveRequest(request, options, options.catalog ?? defaultCatalog);
      prepareWattlens(input);
      this.#input = input;
      this.#request = input.request;
    } catch (error) {
      const report = failedEstimateReport(request, options, error);
      this.#report = report;
      this.#request = report.request;
      this.#source = undefined;
      this.#options = undefined;
    }
  }

  /** The request as the report gives it (resolved now if it was not). */
  get request(): ReportedRequest {
    this.#resolve();
    return this.#request as ReportedRequest;
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
    this.#resolve();
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
      this.#resolve();
      report = this.#report;
    }
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
