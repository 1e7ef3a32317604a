import { CHAT_TOKENS_PER_MESSAGE, CHAT_TOKENS_TO_PRIME_REPLY, contentText, countChatTokens, countTokens, type TokenCount } from '@wattlens/core';
import { fields } from './read';

/** Counts texts for tasks that return no usage: with the caller's tokenizer, or gpt-tokenizer. */
export interface TokenCounter {
  /** Whether the caller gave its own tokenizer (streams then keep their text to count it). */
  readonly custom: boolean;
  count(texts: readonly string[]): TokenCount;
  /** A chat prompt: 3 tokens per message, its text parts and name, 3 to prime the reply. */
  chat(messages: unknown): TokenCount;
}

export function tokenCounter(tokenizer: ((text: string) => number) | undefined): TokenCounter {
  if (tokenizer === undefined) return { custom: false, count: (texts) => countTokens(texts), chat: (messages) => countChatTokens(messages) };
  const count = (texts: readonly string[]): TokenCount => {
    let tokens = 0;
    try {
      for (const text of texts) {
        const counted = text === '' ? 0 : tokenizer(text);
        if (!Number.isSafeInteger(counted) || counted < 0) return countTokens(texts);
        tokens += counted;
      }
    } catch {
      // A tokenizer that fails: fall back on gpt-tokenizer rather than fail the request.
      return countTokens(texts);
    }
    return { tokens, tokenSource: 'counted' };
  };
  return {
    custom: true,
    count,
    chat: (messages) => {
      if (!Array.isArray(messages)) return count([]);
      const texts: string[] = [];
      for (const message of messages as unknown[]) {
        const { content, name } = fields(message);
        texts.push(...contentText(content));
        if (typeof name === 'string') texts.push(name);
      }
      const counted = count(texts);
      return { tokens: counted.tokens + CHAT_TOKENS_PER_MESSAGE * messages.length + CHAT_TOKENS_TO_PRIME_REPLY, tokenSource: counted.tokenSource };
    },
  };
}
