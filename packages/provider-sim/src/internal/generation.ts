import { countSimTokens } from '../count-sim-tokens';
import type { Random } from './random';

/**
 * Prompt overhead per chat message and for priming the reply: 3 tokens each, the rule OpenAI
 * documents for its chat models (OpenAI Cookbook, "How to count tokens with tiktoken",
 * `tokens_per_message = 3` and "every reply is primed with <|start|>assistant<|message|>").
 * The simulator applies it to every provider.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REPLY_PRIMING = 3;

/**
 * Tokens for an image in a prompt: 85, OpenAI's fixed cost of a low-detail image (OpenAI vision
 * guide, "Calculating costs"). The simulator cannot see image sizes, so every image costs this.
 */
export const TOKENS_PER_IMAGE = 85;

/** Words the simulator writes replies with: all 1 to 8 letters, so each one is exactly one token. */
const VOCABULARY = [
  'energy', 'power', 'grid', 'carbon', 'water', 'cooling', 'server', 'rack', 'model', 'token', 'request',
  'answer', 'prompt', 'context', 'memory', 'compute', 'watt', 'joule', 'battery', 'solar', 'wind', 'hydro',
  'nuclear', 'coal', 'gas', 'heat', 'chip', 'silicon', 'cluster', 'network', 'storage', 'data', 'center',
  'region', 'zone', 'load', 'peak', 'night', 'day', 'hour', 'minute', 'second', 'budget', 'meter', 'alert',
  'report', 'estimate', 'range', 'value', 'lower', 'upper', 'bound', 'measure', 'sample', 'batch', 'queue',
  'latency', 'speed', 'cost', 'price', 'impact', 'resource', 'mineral', 'metal', 'copper',
  'lithium', 'the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'with', 'and', 'or', 'but', 'so', 'that',
  'this', 'these', 'each', 'every', 'more', 'less', 'most', 'least', 'many', 'few', 'small', 'large', 'clear',
  'simple', 'useful', 'careful', 'steady', 'rapid', 'quiet', 'bright', 'green', 'clean', 'local', 'global',
  'shared', 'visible', 'hidden', 'often', 'rarely', 'always', 'never', 'now', 'then', 'here', 'there', 'is',
  'are', 'was', 'were', 'can', 'could', 'should', 'would', 'will', 'may', 'might', 'must', 'uses', 'needs',
  'shows', 'counts', 'adds', 'keeps', 'moves', 'saves', 'spends', 'runs', 'serves', 'reads', 'writes',
  'learns', 'answers', 'follows', 'tracks', 'compares', 'explains', 'reduces', 'raises', 'limits', 'helps',
] as const;

/** Sentence length bounds, in words: a simulator choice for readable prose, not a measurement. */
const SENTENCE_WORDS = { minimum: 6, maximumExclusive: 16 } as const;

/** Reply length without `x-sim-output-tokens` or a limit: 16 to 127 tokens, a simulator choice. */
const NATURAL_REPLY_TOKENS = { minimum: 16, maximumExclusive: 128 } as const;

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Generates `count` tokens of prose: sentences of words, commas and full stops. Every element is
 * exactly one token under the simulator's rule, so the reply's token count is its length.
 */
export function generateReplyTokens(random: Random, count: number): string[] {
  const tokens: string[] = [];
  let wordsInSentence = 0;
  let sentenceLength = random.integer(SENTENCE_WORDS.minimum, SENTENCE_WORDS.maximumExclusive);
  while (tokens.length < count) {
    const remaining = count - tokens.length;
    if (wordsInSentence > 0 && (wordsInSentence >= sentenceLength || remaining === 1)) {
      tokens.push('.');
      wordsInSentence = 0;
      sentenceLength = random.integer(SENTENCE_WORDS.minimum, SENTENCE_WORDS.maximumExclusive);
      continue;
    }
    if (wordsInSentence >= 2 && remaining > 2 && random.next() < 0.08 && tokens.at(-1) !== ',') {
      tokens.push(',');
      continue;
    }
    const word = random.pick(VOCABULARY);
    const text = wordsInSentence === 0 ? capitalize(word) : word;
    tokens.push(tokens.length === 0 ? text : ` ${text}`);
    wordsInSentence += 1;
  }
  return tokens;
}

/** How long a reply is when nothing forces its length. */
export function naturalReplyLength(random: Random): number {
  return random.integer(NATURAL_REPLY_TOKENS.minimum, NATURAL_REPLY_TOKENS.maximumExclusive);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tokens of one content part (OpenAI, Mistral, Responses API or conversation shapes). */
function partTokens(part: unknown): number {
  if (typeof part === 'string') return countSimTokens(part);
  if (!isRecord(part)) return 0;
  const type = typeof part.type === 'string' ? part.type : '';
  if (type === 'image_url' || type === 'input_image' || type === 'image') return TOKENS_PER_IMAGE;
  for (const key of ['text', 'refusal'] as const) {
    const text = part[key];
    if (typeof text === 'string') return countSimTokens(text);
  }
  return countSimTokens(JSON.stringify(part));
}

/** Tokens of a message's content, whatever its shape. */
export function contentTokens(content: unknown): number {
  if (content === null || content === undefined) return 0;
  if (typeof content === 'string') return countSimTokens(content);
  if (Array.isArray(content)) return content.reduce<number>((sum, part) => sum + partTokens(part), 0);
  return partTokens(content);
}

/** The text of a message's content (text parts only), for reading what a prompt asks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'string' ? part : isRecord(part) && typeof part.text === 'string' ? part.text : ''))
      .join(' ');
  }
  return '';
}

/** Tokens of one chat message or input item, overhead included. */
export function messageTokens(message: unknown): number {
  if (typeof message === 'string') return TOKENS_PER_MESSAGE + countSimTokens(message);
  if (!isRecord(message)) return TOKENS_PER_MESSAGE;
  let tokens = TOKENS_PER_MESSAGE + contentTokens(message.content);
  if (typeof message.name === 'string') tokens += countSimTokens(message.name);
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      const called = isRecord(call) && isRecord(call.function) ? call.function : undefined;
      if (called === undefined) continue;
      if (typeof called.name === 'string') tokens += countSimTokens(called.name);
      tokens += typeof called.arguments === 'string' ? countSimTokens(called.arguments) : countSimTokens(JSON.stringify(called.arguments ?? ''));
    }
  }
  // Responses API and conversation items that are not messages.
  for (const key of ['arguments', 'output', 'result'] as const) {
    const value = message[key];
    if (typeof value === 'string') tokens += countSimTokens(value);
  }
  return tokens;
}

/**
 * Prompt tokens of a conversation: each message's content plus {@link TOKENS_PER_MESSAGE}, the
 * tools' JSON definitions, and {@link TOKENS_PER_REPLY_PRIMING}.
 */
export function promptTokens(messages: readonly unknown[], tools?: unknown): number {
  let tokens = TOKENS_PER_REPLY_PRIMING;
  for (const message of messages) tokens += messageTokens(message);
  if (Array.isArray(tools) && tools.length > 0) tokens += countSimTokens(JSON.stringify(tools));
  return tokens;
}
