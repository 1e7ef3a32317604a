const marker = Symbol.for('wattlens.error');

/** Options shared by every WattLens error. */
export interface WattLensErrorOptions {
  /** Human message: what went wrong and what to do about it. */
  readonly message: string;
  /** Stable kebab-case code, e.g. `invalid-request`. */
  readonly code: string;
  readonly cause?: unknown;
}

/**
 * Base class of every error WattLens throws. Use {@link WattLensError.isInstance} rather than
 * `instanceof`: it also recognises errors from another copy of the package (ESM/CJS twins).
 *
 * @example
 * ```ts
 * try { estimate({ provider: 'openai', model: 'gpt-4o', outputTokens: -1 }); }
 * catch (error) { if (WattLensError.isInstance(error)) console.error(error.code, error.message); }
 * ```
 */
export class WattLensError extends Error {
  private readonly [marker] = true;
  /** Stable kebab-case code of the error. */
  readonly code: string;

  constructor({ message, code, cause }: WattLensErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'WattLensError';
    this.code = code;
  }

  /**
   * Tells whether a value is a WattLens error, whichever copy of the package created it.
   *
   * @param error - Any value, typically from a `catch` clause.
   * @returns `true` when `error` was created by WattLens.
   */
  static isInstance(error: unknown): error is WattLensError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
