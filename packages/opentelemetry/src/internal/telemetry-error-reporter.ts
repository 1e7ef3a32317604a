import { TelemetryExportError, type TelemetryExportStage } from '@wattlens/core';
import type { TelemetryErrorHandler } from '../telemetry-error-handler';

/** The class name of what was thrown, never its message (which could hold attribute values). */
export function reasonOf(thrown: unknown): string {
  try {
    if (typeof thrown === 'object' && thrown !== null && typeof (thrown as { name?: unknown }).name === 'string') {
      const name = (thrown as { name: string }).name;
      if (name !== '') return name.slice(0, 100);
    }
  } catch {
    // A throwing getter: fall back to the type.
  }
  return thrown === null ? 'null' : typeof thrown;
}

/**
 * Reports telemetry failures: to `onError` when given (every failure), else as one console
 * warning per stage. Never throws, whatever `onError` does.
 */
export class TelemetryErrorReporter {
  readonly #onError: TelemetryErrorHandler | undefined;
  readonly #warned = new Set<TelemetryExportStage>();

  constructor(onError: TelemetryErrorHandler | undefined) {
    this.#onError = onError;
  }

  /**
   * @param stage - Where it failed.
   * @param reason - `timeout`, `failed-result`, or the thrown value's class name.
   * @param cause - What was thrown, if anything.
   */
  report(stage: TelemetryExportStage, reason: string, cause?: unknown): void {
    try {
      const error = new TelemetryExportError({ stage, reason, ...(cause === undefined ? {} : { cause }) });
      if (this.#onError !== undefined) {
        this.#onError(error);
        return;
      }
      if (this.#warned.has(stage)) return;
      this.#warned.add(stage);
      globalThis.console?.warn?.(`[wattlens] ${error.message} Pass \`onError\` to handle these failures (further ones at this stage are not printed).`);
    } catch {
      // Reporting must never break a request or an export.
    }
  }
}
