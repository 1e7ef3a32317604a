import { WattLensError } from './wattlens-error';

const marker = Symbol.for('wattlens.error.invalid-request');

/** Options of {@link InvalidRequestError}. */
export interface InvalidRequestErrorOptions {
  /** The field that was wrong, as a dotted path (e.g. `outputTokens`, `options.pue`). */
  readonly field: string;
  /** The value received (numbers and short strings only; never prompt text). */
  readonly value: unknown;
  /** What the field must be, e.g. `a non-negative integer`. */
  readonly expected: string;
  readonly cause?: unknown;
}

/**
 * Thrown by `estimate()` when a request or option is malformed: a negative, fractional or
 * non-finite token count, a negative latency, an unknown methodology.
 *
 * @example
 * ```ts
 * try { estimate({ provider: 'openai', model: 'gpt-4o', outputTokens: 1.5 }); }
 * catch (error) { if (InvalidRequestError.isInstance(error)) console.error(error.field); }
 * ```
 */
export class InvalidRequestError extends WattLensError {
  private readonly [marker] = true;
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;

  constructor({ field, value, expected, cause }: InvalidRequestErrorOptions) {
    super({
      code: 'invalid-request',
      message: `Invalid ${field}: expected ${expected}, received ${describe(value)}. Fix the value passed as \`${field}\`.`,
      cause,
    });
    this.name = 'InvalidRequestError';
    this.field = field;
    this.value = typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…` : value;
    this.expected = expected;
  }

  /** Tells whether a value is an {@link InvalidRequestError}, from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidRequestError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}
