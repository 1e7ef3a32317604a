import type { ChatChunk, ChatUsage, RequestUsage, TokenCount } from '@wattlens/core';
import { ChatStreamUsage, chatUsageToRequest, countTokens, withoutAddedUsage } from '@wattlens/core';
import { countedUsage, isRecord, text, type Body, type Operation, type UsageWatcher } from './operation';
import { chatPrompt, plainPrompt } from './prompt-text';

/**
 * The body to send for a stream: a copy that asks for usage (`stream_options.include_usage`)
 * unless the caller set `include_usage` either way, or the client turned this off.
 */
function askForUsage(body: Body, includeStreamUsage: boolean): Body | undefined {
  if (!includeStreamUsage || body.stream !== true) return undefined;
  const options = body.stream_options;
  if (isRecord(options) && typeof options.include_usage === 'boolean') return undefined;
  return { ...body, stream_options: { ...(isRecord(options) ? options : {}), include_usage: true } };
}

/** The texts a non-stream completion generated, for a host that reports no usage. */
function generatedTexts(result: Readonly<Record<string, unknown>>): string[] {
  const choices = Array.isArray(result.choices) ? (result.choices as unknown[]) : [];
  const texts: string[] = [];
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    if (typeof choice.text === 'string') texts.push(choice.text);
    const message = choice.message;
    if (!isRecord(message)) continue;
    for (const key of ['content', 'refusal', 'reasoning_content', 'reasoning'] as const) if (typeof message[key] === 'string') texts.push(message[key]);
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls as unknown[]) {
        if (!isRecord(call) || !isRecord(call.function)) continue;
        if (typeof call.function.name === 'string') texts.push(call.function.name);
        if (typeof call.function.arguments === 'string') texts.push(call.function.arguments);
      }
    }
  }
  return texts;
}

/** Usage of a chat or text completion: reported, or counted from the prompt and the choices. */
function completionUsage(result: unknown, prompt: () => TokenCount): RequestUsage {
  if (!isRecord(result)) return countedUsage(prompt(), countTokens([]), undefined);
  const model = text(result.model);
  if (isRecord(result.usage)) {
    const usage = chatUsageToRequest(result.usage as ChatUsage) as { model?: string };
    if (model !== undefined) usage.model = model;
    return usage;
  }
  return countedUsage(prompt(), countTokens(generatedTexts(result)), model);
}

/**
 * Watches an OpenAI-format chunk stream: keeps its usage and text, and, when the adapter asked for
 * usage on the caller's behalf, hides what that changed — the extra usage-only chunk and the
 * `usage: null` key of every other chunk (core's `withoutAddedUsage`) — so that the caller sees
 * exactly the chunks it would have seen.
 */
function chunkWatcher(injectedUsage: boolean): UsageWatcher {
  const accumulator = new ChatStreamUsage();
  return {
    observe(item) {
      accumulator.add(item as ChatChunk);
    },
    ...(injectedUsage ? { restore: withoutAddedUsage } : {}),
    get finished() {
      return accumulator.finished;
    },
    get counts() {
      return accumulator.usage === undefined;
    },
    usage: (prompt) => accumulator.toRequestUsage(prompt),
  };
}

function modelOf(body: Body): string {
  return text(body.model) ?? 'unknown';
}

/** `chat.completions.create` (and through it `parse`, `stream`, `runTools`). */
export const chatOperation: Operation = {
  operation: 'chat',
  modality: 'text',
  model: modelOf,
  streamed: (body) => body.stream === true,
  prepare: askForUsage,
  prompt: chatPrompt,
  usage: (result, _body, prompt) => completionUsage(result, prompt),
  watch: (_body, injectedUsage) => chunkWatcher(injectedUsage),
  nothingGenerated: { outputTokens: 0 },
};

/** Legacy `completions.create`: the same usage and chunk format, choices carry `text`. */
export const completionsOperation: Operation = {
  operation: 'completions',
  modality: 'text',
  model: modelOf,
  streamed: (body) => body.stream === true,
  prepare: askForUsage,
  prompt: (body) => plainPrompt(body.prompt),
  usage: (result, _body, prompt) => completionUsage(result, prompt),
  watch: (_body, injectedUsage) => chunkWatcher(injectedUsage),
  nothingGenerated: { outputTokens: 0 },
};
