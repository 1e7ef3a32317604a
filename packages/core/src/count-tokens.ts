import type { TokenSource } from './impact-report';

/** A token count, and whether it was counted with a tokenizer or approximated. */
export interface TokenCount {
  readonly tokens: number;
  /** `counted` with gpt-tokenizer (o200k_base); `estimated` from the text's length while it loads. */
  readonly tokenSource: Extract<TokenSource, 'counted' | 'estimated'>;
}

/** A chat message as OpenAI, Mistral and Hugging Face shape it: only text parts are counted. */
export interface CountableMessage {
  readonly role?: unknown;
  readonly content?: unknown;
  readonly name?: unknown;
}

/**
 * Characters per token of the approximation used until gpt-tokenizer has loaded: "one token
 * generally corresponds to ~4 characters of text for common English text" (OpenAI Help Center,
 * "What are tokens and how to count them?", https://help.openai.com/en/articles/4936856, read 2026-11).
 */
export const CHARACTERS_PER_TOKEN = 4;

/**
 * Tokens a chat format adds per message (3) and to prime the reply (3), as OpenAI documents for
 * its chat models (OpenAI Cookbook, "How to count tokens with tiktoken", `num_tokens_from_messages`,
 * https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken, read 2026-11).
 */
export const CHAT_TOKENS_PER_MESSAGE = 3;
/** See {@link CHAT_TOKENS_PER_MESSAGE}. */
export const CHAT_TOKENS_TO_PRIME_REPLY = 3;

let counter: ((text: string) => number) | undefined;
let loading: Promise<boolean> | undefined;

/**
 * Starts loading gpt-tokenizer (o200k_base, about 2 MB), once; later calls return the same
 * promise. Adapters call it when a client is wrapped, so that counts are exact by the time a
 * request needs one. Text never leaves the process.
 *
 * @returns A promise of whether the tokenizer is available (`false` when it cannot be loaded;
 *   counts then stay `estimated`). Never rejects.
 * @example
 * ```ts
 * await loadTokenizer();
 * countTokens('Hello').tokenSource; // 'counted'
 * ```
 */
export function loadTokenizer(): Promise<boolean> {
  loading ??= import('gpt-tokenizer').then(
    (module: { countTokens: (text: string, options?: { disallowedSpecial?: Set<string> }) => number }) => {
      // Special-token strings ("<|endoftext|>") in a user's text are counted as plain text:
      // gpt-tokenizer throws on them by default.
      const options = { disallowedSpecial: new Set<string>() };
      counter = (text) => module.countTokens(text, options);
      return true;
    },
    () => false,
  );
  return loading;
}

function approximate(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

/**
 * Counts the tokens of texts, for requests whose provider reports no usage (a stream cut short,
 * a task API): exactly with gpt-tokenizer once it has loaded (`counted`), else from the length
 * (`estimated`) while it loads in the background. Synchronous and local: the text is not kept.
 * gpt-tokenizer is OpenAI's tokenizer; other models' tokenizers differ by some percent.
 *
 * @param text - A text, or several (their counts are added).
 * @returns The count and its source.
 * @example
 * ```ts
 * const { tokens, tokenSource } = countTokens(completionText);
 * tracker.finish({ outputTokens: tokens, tokenSource });
 * ```
 */
export function countTokens(text: string | readonly string[]): TokenCount {
  const texts = typeof text === 'string' ? [text] : text;
  const count = counter;
  if (count === undefined) {
    void loadTokenizer();
    let tokens = 0;
    for (const each of texts) tokens += approximate(each);
    return { tokens, tokenSource: 'estimated' };
  }
  let tokens = 0;
  for (const each of texts) if (each.length > 0) tokens += count(each);
  return { tokens, tokenSource: 'counted' };
}

/**
 * The texts of a chat message's content, to count them: the string itself, or the `text` of each
 * text part (images and other parts are skipped).
 *
 * @param content - A message's `content`, in the OpenAI, Mistral or Hugging Face shape.
 * @returns Its texts, possibly none.
 * @example
 * ```ts
 * contentText([{ type: 'text', text: 'Hi' }, { type: 'image_url', image_url: '…' }]); // ['Hi']
 * ```
 */
export function contentText(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content as unknown[]) {
    if (typeof part === 'string') texts.push(part);
    else if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') texts.push((part as { text: string }).text);
  }
  return texts;
}

/**
 * Counts the prompt tokens of a chat request the way OpenAI documents it: 3 per message, plus its
 * content (text parts only) and name, plus 3 to prime the reply.
 *
 * @param messages - The request's messages.
 * @returns The count and its source, as {@link countTokens}.
 * @example
 * ```ts
 * const prompt = countChatTokens(body.messages);
 * tracker.finish({ inputTokens: prompt.tokens, tokenSource: prompt.tokenSource }, { error });
 * ```
 */
export function countChatTokens(messages: readonly CountableMessage[] | unknown): TokenCount {
  if (!Array.isArray(messages)) return countTokens([]);
  const texts: string[] = [];
  for (const message of messages as unknown[]) {
    if (typeof message !== 'object' || message === null) continue;
    const { content, name } = message as CountableMessage;
    texts.push(...contentText(content));
    if (typeof name === 'string') texts.push(name);
  }
  const counted = countTokens(texts);
  return { tokens: counted.tokens + CHAT_TOKENS_PER_MESSAGE * messages.length + CHAT_TOKENS_TO_PRIME_REPLY, tokenSource: counted.tokenSource };
}
