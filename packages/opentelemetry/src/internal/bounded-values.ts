/** The value exported in place of any value past an attribute's cap (as the Meter's breakdowns name it). */
export const OTHER_VALUE = '(other)';

/**
 * Keeps the label cardinality of each attribute bounded: the first `limit` distinct values of an
 * attribute are exported as they are, further ones as {@link OTHER_VALUE}. Memory is bounded by
 * `limit` values per attribute key.
 */
export class BoundedValues {
  readonly #limit: number;
  readonly #seen = new Map<string, Set<string>>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value to export for `key`: `value` itself while the cap allows it, else `(other)`. */
  bound(key: string, value: string): string {
    let values = this.#seen.get(key);
    if (values === undefined) {
      values = new Set();
      this.#seen.set(key, values);
    }
    if (values.has(value)) return value;
    if (values.size >= this.#limit) return OTHER_VALUE;
    values.add(value);
    return value;
  }
}
