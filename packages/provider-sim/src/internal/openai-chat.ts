import { countSimTokens } from '../count-sim-tokens';
import { planChat, planText, readFormat, readTools, textPromptTokens, type ChatPlan, type ChoicePlan } from './chat-plan';
import {
  errorReply,
  integerField,
  isRecord,
  json,
  stringField,
  unixSeconds,
  type ErrorStyle,
  type SimReply,
  type SimRequest,
  type SseEvent,
} from './exchange';
import { isReasoningModel, simulatedEnergyJoules } from './models';
import { createRandom, hashString, hexId } from './random';

/** OpenAI proper, or an OpenAI-compatible host (Hugging Face router, TGI, Together…). */
export type ChatFlavor = 'openai' | 'huggingface';

const SYSTEM_FINGERPRINT = 'fp_wattlens_sim';

const PADDING_CHARACTERS: readonly string[] = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

/**
 * OpenAI's stream obfuscation: every chunk of a chat stream, and every delta event of a
 * Responses stream, ends with an `obfuscation` key of random characters that evens out the
 * chunks' sizes (after `usage` when a chat stream has usage), unless the request sets
 * `stream_options.include_obfuscation: false` (OpenAI API reference, "Create chat completion" and
 * "Create a model response", `stream_options`; the `obfuscation` fields of the SDKs' chunk and
 * delta event types since August 2025). Drawn, chunk after chunk, from the request's seed, which leaves
 * `stream_options` out: the same reply gets the same padding whether or not it has usage.
 */
function obfuscation(body: Record<string, unknown>, seed: number): (() => string) | undefined {
  if (isRecord(body.stream_options) && body.stream_options.include_obfuscation === false) return undefined;
  const random = createRandom(hashString('obfuscation', seed));
  return () => {
    let padding = '';
    for (let length = random.integer(1, 16); length > 0; length -= 1) padding += random.pick(PADDING_CHARACTERS);
    return padding;
  };
}

/** Most choices `n` may ask for (OpenAI's documented maximum is 128). */
const MAX_CHOICES = 128;

/** Usage in OpenAI's shape (with details) or TGI's (counts only), plus `energy_joules` when asked. */
function chatUsage(plan: Pick<ChatPlan, 'promptTokens' | 'completionTokens' | 'reasoningTokens'>, flavor: ChatFlavor, energyJoules: number | undefined): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
  if (flavor === 'openai') {
    usage.prompt_tokens_details = { cached_tokens: 0, audio_tokens: 0 };
    usage.completion_tokens_details = {
      reasoning_tokens: plan.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    };
  }
  if (energyJoules !== undefined) usage.energy_joules = energyJoules;
  return usage;
}

function invalid(style: ErrorStyle, message: string, param: string | null): SimReply {
  return errorReply(style, 400, message, param);
}

function messageOf(choice: ChoicePlan, flavor: ChatFlavor): Record<string, unknown> {
  const extras = flavor === 'openai' ? { refusal: null, annotations: [] } : {};
  if (choice.toolCall !== undefined) {
    return {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: choice.toolCall.id, type: 'function', function: { name: choice.toolCall.name, arguments: choice.toolCall.arguments } }],
      ...extras,
    };
  }
  return { role: 'assistant', content: choice.tokens.join(''), ...extras };
}

/** `POST /v1/chat/completions` for OpenAI and OpenAI-compatible hosts: JSON, or SSE ending `[DONE]`. */
export function chatCompletions(request: SimRequest, flavor: ChatFlavor): SimReply {
  const body = request.json;
  if (!isRecord(body)) return invalid('openai', 'We could not parse the JSON body of your request. Send a JSON object.', null);
  const model = stringField(body, 'model');
  if (model === undefined || model === '') return invalid('openai', 'You must provide a model parameter.', 'model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return invalid('openai', "Invalid 'messages': expected a non-empty array of messages.", 'messages');
  }
  const choiceCount = integerField(body, 'n') ?? 1;
  if (choiceCount < 1 || choiceCount > MAX_CHOICES) return invalid('openai', `Invalid 'n': must be between 1 and ${MAX_CHOICES}.`, 'n');
  const plan = planChat({
    model,
    messages: body.messages,
    tools: readTools(body.tools),
    rawTools: body.tools,
    toolChoice: body.tool_choice,
    format: readFormat(body.response_format),
    maxTokens: integerField(body, 'max_completion_tokens') ?? integerField(body, 'max_tokens'),
    choiceCount,
    reasoning: flavor === 'openai' && isReasoningModel(model),
    reasoningEffort: stringField(body, 'reasoning_effort'),
    forcedTokens: request.controls.outputTokens,
    seed: request.seed,
    requestNumber: request.requestNumber,
  });
  const id = `chatcmpl-${hexId(request.seed, request.requestNumber)}`;
  const created = unixSeconds();
  const energy = request.controls.reportEnergy ? simulatedEnergyJoules(model, plan.completionTokens) : undefined;
  const usage = chatUsage(plan, flavor, energy);
  const header = {
    id,
    created,
    model,
    ...(flavor === 'openai' ? { service_tier: 'default' } : {}),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  // Reasoning happens before the first token: the class's time to first token already covers it.
  const timing = { model, outputTokens: plan.completionTokens - plan.reasoningTokens };
  if (body.stream !== true) {
    return json(
      {
        ...header,
        object: 'chat.completion',
        choices: plan.choices.map((choice, index) => ({
          index,
          message: messageOf(choice, flavor),
          logprobs: null,
          finish_reason: choice.finishReason,
        })),
        usage,
      },
      200,
      timing,
    );
  }
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const padding = flavor === 'openai' ? obfuscation(body, request.seed) : undefined;
  const chunk = (choices: unknown[], tokens: number, chunkUsage: unknown = null): SseEvent => ({
    data: JSON.stringify({
      ...header,
      object: 'chat.completion.chunk',
      choices,
      ...(includeUsage ? { usage: chunkUsage } : {}),
      ...(padding === undefined ? {} : { obfuscation: padding() }),
    }),
    tokens,
  });
  const events: SseEvent[] = [];
  plan.choices.forEach((choice, index) => {
    const delta =
      choice.toolCall === undefined
        ? { role: 'assistant', content: '', ...(flavor === 'openai' ? { refusal: null } : {}) }
        : {
            role: 'assistant',
            content: null,
            tool_calls: [{ index: 0, id: choice.toolCall.id, type: 'function', function: { name: choice.toolCall.name, arguments: '' } }],
            ...(flavor === 'openai' ? { refusal: null } : {}),
          };
    events.push(chunk([{ index, delta, logprobs: null, finish_reason: null }], choice.toolCall === undefined ? 0 : 1));
  });
  const longest = Math.max(...plan.choices.map((choice) => choice.tokens.length + (choice.toolCall?.argumentTokens.length ?? 0)));
  for (let position = 0; position < longest; position += 1) {
    plan.choices.forEach((choice, index) => {
      if (choice.toolCall !== undefined) {
        const piece = choice.toolCall.argumentTokens[position];
        if (piece !== undefined) {
          events.push(chunk([{ index, delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }], 1));
        }
        return;
      }
      const token = choice.tokens[position];
      if (token !== undefined) events.push(chunk([{ index, delta: { content: token }, logprobs: null, finish_reason: null }], 1));
    });
  }
  plan.choices.forEach((choice, index) => {
    events.push(chunk([{ index, delta: {}, logprobs: null, finish_reason: choice.finishReason }], 0));
  });
  if (includeUsage) events.push(chunk([], 0, usage));
  events.push({ data: '[DONE]', tokens: 0 });
  return { kind: 'sse', events, sentinel: true, timing };
}

/** Default `max_tokens` of the legacy completions endpoint (OpenAI API reference, "Create completion": defaults to 16). */
const LEGACY_COMPLETION_DEFAULT_MAX_TOKENS = 16;

/** `POST /v1/completions` (legacy text completions), for OpenAI and OpenAI-compatible hosts. */
export function textCompletions(request: SimRequest, flavor: ChatFlavor): SimReply {
  const body = request.json;
  if (!isRecord(body)) return invalid('openai', 'We could not parse the JSON body of your request. Send a JSON object.', null);
  const model = stringField(body, 'model');
  if (model === undefined || model === '') return invalid('openai', 'You must provide a model parameter.', 'model');
  if (body.prompt === undefined) return invalid('openai', "You must provide a 'prompt' parameter.", 'prompt');
  const choiceCount = integerField(body, 'n') ?? 1;
  if (choiceCount < 1 || choiceCount > MAX_CHOICES) return invalid('openai', `Invalid 'n': must be between 1 and ${MAX_CHOICES}.`, 'n');
  const maxTokens = integerField(body, 'max_tokens') ?? (flavor === 'openai' ? LEGACY_COMPLETION_DEFAULT_MAX_TOKENS : undefined);
  const choices = Array.from({ length: choiceCount }, (_, index) =>
    planText(request.seed + Math.imul(index, 0x9e3779b1), request.controls.outputTokens, maxTokens),
  );
  const promptTokens = textPromptTokens(body.prompt);
  const completionTokens = choices.reduce((sum, choice) => sum + choice.tokens.length, 0);
  const energy = request.controls.reportEnergy ? simulatedEnergyJoules(model, completionTokens) : undefined;
  const usage = chatUsage({ promptTokens, completionTokens, reasoningTokens: 0 }, 'huggingface', energy);
  const header = { id: `cmpl-${hexId(request.seed, request.requestNumber)}`, object: 'text_completion', created: unixSeconds(), model, system_fingerprint: SYSTEM_FINGERPRINT };
  const timing = { model, outputTokens: completionTokens };
  if (body.stream !== true) {
    return json(
      { ...header, choices: choices.map((choice, index) => ({ text: choice.tokens.join(''), index, logprobs: null, finish_reason: choice.finishReason })), usage },
      200,
      timing,
    );
  }
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (choicesOfChunk: unknown[], tokens: number, chunkUsage: unknown = null): SseEvent => ({
    data: JSON.stringify({ ...header, choices: choicesOfChunk, ...(includeUsage ? { usage: chunkUsage } : {}) }),
    tokens,
  });
  const events: SseEvent[] = [];
  const longest = Math.max(...choices.map((choice) => choice.tokens.length));
  for (let position = 0; position < longest; position += 1) {
    choices.forEach((choice, index) => {
      const token = choice.tokens[position];
      if (token !== undefined) events.push(chunk([{ text: token, index, logprobs: null, finish_reason: null }], 1));
    });
  }
  choices.forEach((choice, index) => events.push(chunk([{ text: '', index, logprobs: null, finish_reason: choice.finishReason }], 0)));
  if (includeUsage) events.push(chunk([], 0, usage));
  events.push({ data: '[DONE]', tokens: 0 });
  return { kind: 'sse', events, sentinel: true, timing };
}

/** Prompt tokens of a Responses API `input` plus `instructions`. */
function responsesMessages(body: Record<string, unknown>): unknown[] {
  const messages: unknown[] = [];
  if (typeof body.instructions === 'string') messages.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
  else if (Array.isArray(body.input)) messages.push(...body.input);
  return messages;
}

/** `POST /v1/responses`: JSON, or named-event SSE without `[DONE]` ending with `response.completed`. */
export function responses(request: SimRequest): SimReply {
  const body = request.json;
  if (!isRecord(body)) return invalid('openai', 'We could not parse the JSON body of your request. Send a JSON object.', null);
  const model = stringField(body, 'model');
  if (model === undefined || model === '') return invalid('openai', 'You must provide a model parameter.', 'model');
  if (body.input === undefined) return invalid('openai', "You must provide an 'input' parameter.", 'input');
  const messages = responsesMessages(body);
  const textOptions = isRecord(body.text) ? body.text : {};
  const reasoningOptions = isRecord(body.reasoning) ? body.reasoning : {};
  const reasoning = isReasoningModel(model);
  const plan = planChat({
    model,
    messages,
    tools: readTools(body.tools),
    rawTools: body.tools,
    toolChoice: body.tool_choice,
    format: readFormat(textOptions.format),
    maxTokens: integerField(body, 'max_output_tokens'),
    choiceCount: 1,
    reasoning,
    reasoningEffort: typeof reasoningOptions.effort === 'string' ? reasoningOptions.effort : undefined,
    forcedTokens: request.controls.outputTokens,
    seed: request.seed,
    requestNumber: request.requestNumber,
  });
  const choice = plan.choices[0] as ChoicePlan;
  const suffix = hexId(request.seed, request.requestNumber, 32);
  const incomplete = choice.finishReason === 'length';
  const items: Record<string, unknown>[] = [];
  if (reasoning) items.push({ id: `rs_${suffix}`, type: 'reasoning', summary: [] });
  if (choice.toolCall !== undefined) {
    items.push({
      id: `fc_${suffix}`,
      type: 'function_call',
      status: 'completed',
      arguments: choice.toolCall.arguments,
      call_id: choice.toolCall.id,
      name: choice.toolCall.name,
    });
  } else if (!(incomplete && choice.tokens.length === 0)) {
    items.push({
      id: `msg_${suffix}`,
      type: 'message',
      status: incomplete ? 'incomplete' : 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: choice.tokens.join('') }],
    });
  }
  const usage = {
    input_tokens: plan.promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: plan.completionTokens,
    output_tokens_details: { reasoning_tokens: plan.reasoningTokens },
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
  const responseId = `resp_${suffix}`;
  const base = {
    id: responseId,
    object: 'response',
    created_at: unixSeconds(),
    background: false,
    error: null,
    incomplete_details: null as unknown,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: integerField(body, 'max_output_tokens') ?? null,
    model,
    parallel_tool_calls: body.parallel_tool_calls !== false,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    reasoning: { effort: reasoning ? (typeof reasoningOptions.effort === 'string' ? reasoningOptions.effort : 'medium') : null, summary: null },
    service_tier: 'default',
    store: body.store !== false,
    temperature: typeof body.temperature === 'number' ? body.temperature : 1,
    text: { format: isRecord(textOptions.format) ? textOptions.format : { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: typeof body.top_p === 'number' ? body.top_p : 1,
    truncation: 'disabled',
    user: null,
    metadata: isRecord(body.metadata) ? body.metadata : {},
  };
  const final = {
    ...base,
    status: incomplete ? 'incomplete' : 'completed',
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    output: items,
    usage,
  };
  const timing = { model, outputTokens: plan.completionTokens - plan.reasoningTokens };
  if (body.stream !== true) return json(final, 200, timing);

  const events: SseEvent[] = [];
  let sequence = 0;
  // Delta events end with the same padding as chat chunks, unless `stream_options.include_obfuscation` is false.
  const padding = obfuscation(body, request.seed);
  const padded = (fields: Record<string, unknown>): Record<string, unknown> => (padding === undefined ? fields : { ...fields, obfuscation: padding() });
  const emit = (type: string, fields: Record<string, unknown>, tokens = 0): void => {
    events.push({ event: type, data: JSON.stringify({ type, sequence_number: sequence, ...fields }), tokens });
    sequence += 1;
  };
  const inProgress = { ...base, status: 'in_progress', output: [], usage: null };
  emit('response.created', { response: inProgress });
  emit('response.in_progress', { response: inProgress });
  items.forEach((item, outputIndex) => {
    const itemId = item.id as string;
    if (item.type === 'reasoning') {
      emit('response.output_item.added', { output_index: outputIndex, item });
      emit('response.output_item.done', { output_index: outputIndex, item });
    } else if (item.type === 'function_call' && choice.toolCall !== undefined) {
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } }, 1);
      for (const piece of choice.toolCall.argumentTokens) {
        emit('response.function_call_arguments.delta', padded({ item_id: itemId, output_index: outputIndex, delta: piece }), 1);
      }
      emit('response.function_call_arguments.done', { item_id: itemId, output_index: outputIndex, name: choice.toolCall.name, arguments: choice.toolCall.arguments });
      emit('response.output_item.done', { output_index: outputIndex, item });
    } else {
      const text = choice.tokens.join('');
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      emit('response.content_part.added', { item_id: itemId, output_index: outputIndex, content_index: 0, part });
      for (const token of choice.tokens) {
        emit('response.output_text.delta', padded({ item_id: itemId, output_index: outputIndex, content_index: 0, delta: token, logprobs: [] }), 1);
      }
      emit('response.output_text.done', { item_id: itemId, output_index: outputIndex, content_index: 0, text, logprobs: [] });
      emit('response.content_part.done', { item_id: itemId, output_index: outputIndex, content_index: 0, part: { ...part, text } });
      emit('response.output_item.done', { output_index: outputIndex, item });
    }
  });
  emit(incomplete ? 'response.incomplete' : 'response.completed', { response: final });
  return { kind: 'sse', events, sentinel: false, timing };
}

/** Tokens of an embeddings `input` (strings by the simulator's rule, token arrays by length). */
export function embeddingInputs(input: unknown): { texts: string[]; tokens: number } | undefined {
  if (typeof input === 'string') return { texts: [input], tokens: countSimTokens(input) };
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'number')) return { texts: [JSON.stringify(input)], tokens: input.length };
  if (input.every((item) => typeof item === 'string')) {
    return { texts: input as string[], tokens: (input as string[]).reduce((sum, text) => sum + countSimTokens(text), 0) };
  }
  if (input.every((item) => Array.isArray(item))) {
    return { texts: input.map((item) => JSON.stringify(item)), tokens: input.reduce<number>((sum, item) => sum + (item as unknown[]).length, 0) };
  }
  return undefined;
}
