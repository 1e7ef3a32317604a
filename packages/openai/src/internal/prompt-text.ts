import { CHAT_TOKENS_PER_MESSAGE, CHAT_TOKENS_TO_PRIME_REPLY, contentText } from '@wattlens/core';
import { isRecord, type PromptText } from './operation';

/**
 * Tokens an image in a prompt costs at least: 85, OpenAI's price of a `low` detail image (a
 * `high` detail one adds 170 per 512-pixel tile). OpenAI API documentation, "Images and vision",
 * Calculating costs, https://platform.openai.com/docs/guides/images-vision#calculating-costs
 * (read 2026-11). Used only when a request reports no usage.
 */
export const IMAGE_PROMPT_TOKENS = 85;

const IMAGE_PARTS = new Set(['image_url', 'input_image']);

function imageParts(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  let images = 0;
  for (const part of content as unknown[]) if (isRecord(part) && typeof part.type === 'string' && IMAGE_PARTS.has(part.type)) images += 1;
  return images;
}

/** Tool definitions are part of the prompt: their JSON is counted (a definition is no user text). */
function toolsText(tools: unknown, texts: string[]): void {
  if (!Array.isArray(tools) || tools.length === 0) return;
  try {
    texts.push(JSON.stringify(tools));
  } catch {
    // A definition that cannot be serialised could not have been sent either.
  }
}

function callTexts(calls: unknown, texts: string[]): void {
  if (!Array.isArray(calls)) return;
  for (const call of calls as unknown[]) {
    if (!isRecord(call) || !isRecord(call.function)) continue;
    if (typeof call.function.name === 'string') texts.push(call.function.name);
    if (typeof call.function.arguments === 'string') texts.push(call.function.arguments);
  }
}

/**
 * The prompt of a chat completion, as OpenAI counts it (OpenAI Cookbook, "How to count tokens
 * with tiktoken"): 3 tokens per message, its content, name and tool calls, 3 to prime the reply;
 * plus tool definitions and images.
 */
export function chatPrompt(body: Readonly<Record<string, unknown>>): PromptText {
  const texts: string[] = [];
  let tokens = CHAT_TOKENS_TO_PRIME_REPLY;
  const messages = body.messages;
  if (Array.isArray(messages)) {
    for (const message of messages as unknown[]) {
      tokens += CHAT_TOKENS_PER_MESSAGE;
      if (!isRecord(message)) continue;
      for (const each of contentText(message.content)) texts.push(each);
      tokens += IMAGE_PROMPT_TOKENS * imageParts(message.content);
      if (typeof message.name === 'string') texts.push(message.name);
      callTexts(message.tool_calls, texts);
    }
  }
  toolsText(body.tools, texts);
  return { texts, tokens };
}

/** The prompt of a Responses API request: instructions, input (text or items) and tools. */
export function responsesPrompt(body: Readonly<Record<string, unknown>>): PromptText {
  const texts: string[] = [];
  let tokens = 0;
  if (typeof body.instructions === 'string') texts.push(body.instructions);
  const input = body.input;
  if (typeof input === 'string') texts.push(input);
  else if (Array.isArray(input)) {
    for (const item of input as unknown[]) {
      if (!isRecord(item)) continue;
      for (const each of contentText(item.content)) texts.push(each);
      tokens += IMAGE_PROMPT_TOKENS * imageParts(item.content);
      // Tool calls and their outputs sent back as items.
      for (const key of ['arguments', 'output', 'name'] as const) if (typeof item[key] === 'string') texts.push(item[key]);
    }
  }
  toolsText(body.tools, texts);
  return { texts, tokens };
}

/**
 * A prompt given as text, texts or token arrays (embeddings, legacy completions): strings are
 * counted, token arrays are their length.
 */
export function plainPrompt(input: unknown): PromptText {
  if (typeof input === 'string') return { texts: [input], tokens: 0 };
  if (!Array.isArray(input)) return { texts: [], tokens: 0 };
  const texts: string[] = [];
  let tokens = 0;
  for (const item of input as unknown[]) {
    if (typeof item === 'string') texts.push(item);
    else if (typeof item === 'number') tokens += 1;
    else if (Array.isArray(item)) tokens += item.length;
  }
  return { texts, tokens };
}
