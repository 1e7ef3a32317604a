/**
 * The simulator's token rule: no tokenizer, one regular expression. A token is
 * - a run of 1 to 8 letters, marks or digits, with an optional single leading space (`" energy"`),
 * - or one other non-space character, with an optional single leading space (`","`, `" {"`),
 * - or a run of whitespace not consumed as such a leading space (`"\n\n"`).
 *
 * English prose comes out near 1.3 tokens per word, the order of magnitude of BPE tokenizers,
 * and the rule is exact for the simulator's own replies, which are generated token by token.
 */
const TOKEN_PATTERN = /[ ]?[\p{L}\p{M}\p{N}]{1,8}|[ ]?[^\s\p{L}\p{M}\p{N}]|\s+/gu;

/**
 * Splits text into the simulator's tokens; joining them gives the text back.
 *
 * @param text - Any text.
 * @returns The tokens, in order.
 * @example
 * ```ts
 * splitSimTokens('Hello, world'); // ['Hello', ',', ' world']
 * ```
 */
export function splitSimTokens(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? [];
}

/**
 * Counts tokens the way the simulator does for prompts and replies (see {@link splitSimTokens}).
 *
 * @param text - Any text.
 * @returns The number of tokens.
 * @example
 * ```ts
 * countSimTokens('Hello, world'); // 3
 * ```
 */
export function countSimTokens(text: string): number {
  let count = 0;
  for (const _match of text.matchAll(TOKEN_PATTERN)) count += 1;
  return count;
}
