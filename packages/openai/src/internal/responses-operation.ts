import type { RequestUsage, TokenCount } from '@wattlens/core';
import { countTokens } from '@wattlens/core';
import { count, countedUsage, isRecord, text, type Operation, type UsageWatcher } from './operation';
import { responsesPrompt } from './prompt-text';

/** `ResponseUsage` of the Responses API (plus `energy_joules`, which some compatible hosts add). */
function responseUsage(usage: Readonly<Record<string, unknown>>, model: string | undefined): RequestUsage {
  const inputTokens = count(usage.input_tokens);
  const outputTokens = count(usage.output_tokens);
  const cachedInputTokens = isRecord(usage.input_tokens_details) ? count(usage.input_tokens_details.cached_tokens) : undefined;
  const reasoningTokens = isRecord(usage.output_tokens_details) ? count(usage.output_tokens_details.reasoning_tokens) : undefined;
  const energy = typeof usage.energy_joules === 'number' ? usage.energy_joules : undefined;
  return {
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(cachedInputTokens === undefined || cachedInputTokens === 0 ? {} : { cachedInputTokens }),
    ...(reasoningTokens === undefined || reasoningTokens === 0 ? {} : { reasoningTokens }),
    ...(energy === undefined ? {} : { reportedEnergyJoules: energy }),
    tokenSource: 'reported',
    ...(model === undefined ? {} : { model }),
  };
}

function pushTexts(parts: unknown, texts: string[]): void {
  if (!Array.isArray(parts)) return;
  for (const part of parts as unknown[]) {
    if (!isRecord(part)) continue;
    if (typeof part.text === 'string') texts.push(part.text);
    if (typeof part.refusal === 'string') texts.push(part.refusal);
  }
}

/** The texts a response generated: messages, refusals, reasoning, tool-call names and arguments. */
function outputTexts(output: unknown): string[] {
  const texts: string[] = [];
  if (!Array.isArray(output)) return texts;
  for (const item of output as unknown[]) {
    if (!isRecord(item)) continue;
    pushTexts(item.content, texts);
    pushTexts(item.summary, texts);
    for (const key of ['name', 'arguments', 'input'] as const) if (typeof item[key] === 'string') texts.push(item[key]);
  }
  return texts;
}

function resultUsage(result: unknown, prompt: () => TokenCount): RequestUsage {
  if (!isRecord(result)) return countedUsage(prompt(), countTokens([]), undefined);
  const model = text(result.model);
  if (isRecord(result.usage)) return responseUsage(result.usage, model);
  return countedUsage(prompt(), countTokens(outputTexts(result.output)), model);
}

/** Stream events that end a response and carry its usage. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Stream events whose `delta` is generated text. */
const TEXT_DELTAS = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.function_call_arguments.delta',
  'response.custom_tool_call_input.delta',
  'response.reasoning_text.delta',
  'response.reasoning_summary_text.delta',
  'response.audio.transcript.delta',
]);

/** Watches a Responses stream: the final event's usage, else the text of the deltas. Hides nothing. */
function eventWatcher(): UsageWatcher {
  let usage: Readonly<Record<string, unknown>> | undefined;
  let model: string | undefined;
  let finished = false;
  const texts: string[] = [];
  return {
    observe(item) {
      if (!isRecord(item) || typeof item.type !== 'string') return;
      if (TEXT_DELTAS.has(item.type)) {
        if (typeof item.delta === 'string' && item.delta !== '') texts.push(item.delta);
        return;
      }
      const response = item.response;
      if (!isRecord(response)) return;
      model ??= text(response.model);
      if (FINAL_EVENTS.has(item.type)) {
        finished = true;
        if (isRecord(response.usage)) usage = response.usage;
      }
    },
    get finished() {
      return finished;
    },
    get counts() {
      return usage === undefined;
    },
    usage: (prompt) => (usage === undefined ? countedUsage(prompt(), countTokens(texts), model) : responseUsage(usage, model)),
  };
}

/** `responses.create` (and through it `responses.parse` and `responses.stream`). */
export const responsesOperation: Operation = {
  operation: 'responses',
  modality: 'text',
  // A request that uses a stored prompt may name no model: the response names it.
  model: (body) => text(body.model) ?? 'unknown',
  streamed: (body) => body.stream === true,
  prompt: responsesPrompt,
  usage: (result, _body, prompt) => resultUsage(result, prompt),
  watch: () => eventWatcher(),
  nothingGenerated: { outputTokens: 0 },
};
