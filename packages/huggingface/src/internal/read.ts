/** Reads fields of SDK arguments and results without trusting their shape: a wrapper never throws. */

export type Fields = Readonly<Record<string, unknown>>;

export function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The strings of a task's `inputs`: a string, or a list of strings. */
export function inputTexts(inputs: unknown): string[] {
  if (typeof inputs === 'string') return [inputs];
  return Array.isArray(inputs) ? (inputs as unknown[]).filter((input): input is string => typeof input === 'string') : [];
}

/** The strings under `key` of a result that is one object or a list of them (`[{ summary_text }]`). */
export function outputTexts(result: unknown, key: string): string[] {
  const items = Array.isArray(result) ? (result as unknown[]) : [result];
  const texts: string[] = [];
  for (const item of items) {
    const value = fields(item)[key];
    if (typeof value === 'string') texts.push(value);
  }
  return texts;
}
