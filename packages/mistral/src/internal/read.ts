/** Reads fields of SDK objects without trusting their shape: a wrapper must never throw. */

export type Fields = Readonly<Record<string, unknown>>;

export function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Pushes the text of a Mistral content value (a string, or chunks with `text`) onto `texts`. */
export function pushContent(texts: string[], content: unknown): void {
  if (typeof content === 'string') {
    if (content !== '') texts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content as unknown[]) {
    const text = fields(part).text;
    if (typeof text === 'string' && text !== '') texts.push(text);
  }
}

/** Pushes the names and arguments of tool calls (`toolCalls` or `tool_calls`) onto `texts`. */
export function pushToolCalls(texts: string[], calls: unknown): void {
  if (!Array.isArray(calls)) return;
  for (const call of calls as unknown[]) {
    const fn = fields(fields(call).function);
    if (typeof fn.name === 'string') texts.push(fn.name);
    if (typeof fn.arguments === 'string') texts.push(fn.arguments);
    else if (typeof fn.arguments === 'object' && fn.arguments !== null) texts.push(JSON.stringify(fn.arguments));
  }
}
