import { countSimTokens } from '../count-sim-tokens';
import { planChat, planText, readFormat, readTools, type ChatPlan, type ChoicePlan } from './chat-plan';
import { embeddingVector } from './embeddings';
import {
  decodePathSegment,
  integerField,
  isRecord,
  json,
  mistralValidationError,
  stringField,
  unixSeconds,
  type RouteMatch,
  type SimReply,
  type SimRequest,
  type SseEvent,
} from './exchange';
import { generateReplyTokens, messageTokens, TOKENS_PER_REPLY_PRIMING } from './generation';
import { embeddingDimensions } from './models';
import { createRandom, hashString, hexId } from './random';

/**
 * The model agents and conversations report when the request names an agent rather than a
 * model: the simulator has no agent registry, so it picks Mistral Medium, the default model of
 * Mistral's agent builder (Mistral docs, "Agents", read 2026-11).
 */
export const MISTRAL_AGENT_MODEL = 'mistral-medium-latest';

/** Simulator state that outlives one request: stored conversations. */
export interface MistralState {
  readonly conversations: Map<string, { readonly model: string; historyTokens: number; readonly agentId: string | null }>;
}

function usageOf(plan: Pick<ChatPlan, 'promptTokens' | 'completionTokens'>): Record<string, number> {
  return { prompt_tokens: plan.promptTokens, completion_tokens: plan.completionTokens, total_tokens: plan.promptTokens + plan.completionTokens };
}

function toolCallOf(choice: ChoicePlan): Record<string, unknown>[] | null {
  if (choice.toolCall === undefined) return null;
  return [{ id: choice.toolCall.id.slice(-9), type: 'function', function: { name: choice.toolCall.name, arguments: choice.toolCall.arguments }, index: 0 }];
}

/** The JSON or SSE reply of a chat-like Mistral endpoint, usage on the final chunk. */
function chatLikeReply(request: SimRequest, model: string, plan: ChatPlan, stream: boolean): SimReply {
  const header = { id: hexId(request.seed, request.requestNumber, 32), object: 'chat.completion', model, created: unixSeconds() };
  const usage = usageOf(plan);
  const timing = { model, outputTokens: plan.completionTokens };
  if (!stream) {
    return json(
      {
        ...header,
        choices: plan.choices.map((choice, index) => ({
          index,
          message: { role: 'assistant', content: choice.tokens.join(''), tool_calls: toolCallOf(choice), prefix: false },
          finish_reason: choice.finishReason,
        })),
        usage,
      },
      200,
      timing,
    );
  }
  type Piece = { index: number; delta: Record<string, unknown>; tokens: number; last: boolean };
  const pieces: Piece[][] = plan.choices.map((choice, index) => {
    if (choice.toolCall !== undefined) return [{ index, delta: { tool_calls: toolCallOf(choice) }, tokens: choice.outputTokens, last: true }];
    const list = choice.tokens.map((token, position) => ({ index, delta: { content: token }, tokens: 1, last: position === choice.tokens.length - 1 }));
    return list.length > 0 ? list : [{ index, delta: { content: '' }, tokens: 0, last: true }];
  });
  const chunk = (choices: unknown[], tokens: number, withUsage: boolean): SseEvent => ({
    data: JSON.stringify({ ...header, object: 'chat.completion.chunk', choices, ...(withUsage ? { usage } : {}) }),
    tokens,
  });
  const events: SseEvent[] = plan.choices.map((_, index) =>
    chunk([{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }], 0, false),
  );
  const ordered: Piece[] = [];
  const longest = Math.max(...pieces.map((list) => list.length));
  for (let position = 0; position < longest; position += 1) for (const list of pieces) if (list[position] !== undefined) ordered.push(list[position] as Piece);
  ordered.forEach((piece, position) => {
    const choice = plan.choices[piece.index] as ChoicePlan;
    const finishReason = piece.last ? choice.finishReason : null;
    events.push(chunk([{ index: piece.index, delta: piece.delta, finish_reason: finishReason }], piece.tokens, position === ordered.length - 1));
  });
  events.push({ data: '[DONE]', tokens: 0 });
  return { kind: 'sse', events, sentinel: true, timing };
}

/** `POST /v1/chat/completions` and `POST /v1/agents/completions`. */
function chat(request: SimRequest, agents: boolean): SimReply {
  const body = request.json;
  if (!isRecord(body)) return mistralValidationError('body', 'Input should be a valid JSON object');
  let model = stringField(body, 'model');
  if (agents) {
    if (stringField(body, 'agent_id') === undefined) return mistralValidationError('agent_id', 'Field required');
    model = MISTRAL_AGENT_MODEL;
  }
  if (model === undefined) return mistralValidationError('model', 'Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return mistralValidationError('messages', 'Field required');
  const plan = planChat({
    model,
    messages: body.messages,
    tools: readTools(body.tools),
    rawTools: body.tools,
    toolChoice: body.tool_choice,
    format: readFormat(body.response_format),
    maxTokens: integerField(body, 'max_tokens'),
    choiceCount: integerField(body, 'n') ?? 1,
    reasoning: false,
    reasoningEffort: undefined,
    forcedTokens: request.controls.outputTokens,
    seed: request.seed,
    requestNumber: request.requestNumber,
  });
  return chatLikeReply(request, model, plan, body.stream === true);
}

/** `POST /v1/fim/completions`: fill-in-the-middle, prompt and suffix. */
function fim(request: SimRequest): SimReply {
  const body = request.json;
  if (!isRecord(body)) return mistralValidationError('body', 'Input should be a valid JSON object');
  const model = stringField(body, 'model');
  if (model === undefined) return mistralValidationError('model', 'Field required');
  const prompt = stringField(body, 'prompt');
  if (prompt === undefined) return mistralValidationError('prompt', 'Field required');
  const text = planText(request.seed, request.controls.outputTokens, integerField(body, 'max_tokens'));
  const promptTokens = countSimTokens(prompt) + countSimTokens(stringField(body, 'suffix') ?? '') + TOKENS_PER_REPLY_PRIMING;
  const plan: ChatPlan = {
    promptTokens,
    reasoningTokens: 0,
    completionTokens: text.tokens.length,
    choices: [{ tokens: text.tokens, toolCall: undefined, finishReason: text.finishReason, outputTokens: text.tokens.length, reasoningTokens: 0 }],
  };
  return chatLikeReply(request, model, plan, body.stream === true);
}

/** `POST /v1/embeddings`: `{model, input}` → float vectors. */
function embeddings(request: SimRequest): SimReply {
  const body = request.json;
  if (!isRecord(body)) return mistralValidationError('body', 'Input should be a valid JSON object');
  const model = stringField(body, 'model');
  if (model === undefined) return mistralValidationError('model', 'Field required');
  const input = body.input;
  const texts = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((item) => typeof item === 'string') ? (input as string[]) : undefined;
  if (texts === undefined || texts.length === 0) return mistralValidationError('input', 'Input should be a string or a list of strings');
  const dimensions = integerField(body, 'output_dimension') ?? embeddingDimensions(model);
  const tokens = texts.reduce((sum, text) => sum + countSimTokens(text), 0);
  return json({
    id: hexId(request.seed, request.requestNumber, 32),
    object: 'list',
    data: texts.map((text, index) => ({ object: 'embedding', embedding: embeddingVector(text, model, dimensions, request.simulatorSeed), index })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0 },
  });
}

/** Page count drawn for documents the simulator cannot open (remote URLs, uploaded file ids): 1 to 8, a simulator choice. */
const REMOTE_DOCUMENT_PAGES = { minimum: 1, maximumExclusive: 9 } as const;

/**
 * Page size reported for every page: US Letter (8.5 × 11 in) at 200 dpi, i.e. 1700 × 2200 px.
 * The simulator renders nothing, so one fixed page format stands for all.
 */
const PAGE_DIMENSIONS = { dpi: 200, height: 2200, width: 1700 } as const;

function documentPages(document: Record<string, unknown>, seed: number): { pages: number; bytes: number | null } {
  if (document.type === 'image_url') return { pages: 1, bytes: null };
  const url = typeof document.document_url === 'string' ? document.document_url : undefined;
  if (url?.startsWith('data:')) {
    const comma = url.indexOf(',');
    const bytes = Buffer.from(url.slice(comma + 1), url.slice(0, comma).endsWith(';base64') ? 'base64' : 'utf8');
    // A PDF's page objects are `/Type /Page` dictionaries (ISO 32000-1, 7.7.3.3); `/Pages` nodes are excluded.
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
    return { pages: Math.max(1, pages), bytes: bytes.length };
  }
  const key = url ?? (typeof document.file_id === 'string' ? document.file_id : JSON.stringify(document));
  return { pages: createRandom(hashString(key, seed)).integer(REMOTE_DOCUMENT_PAGES.minimum, REMOTE_DOCUMENT_PAGES.maximumExclusive), bytes: null };
}

function selectedPages(pages: unknown, available: number): number[] {
  if (Array.isArray(pages)) return pages.filter((page): page is number => Number.isInteger(page) && page >= 0);
  if (typeof pages === 'string' && pages.trim() !== '') {
    const selected: number[] = [];
    for (const part of pages.split(',')) {
      const [from, to] = part.split('-').map((value) => Number(value.trim()));
      if (from === undefined || !Number.isInteger(from)) continue;
      for (let page = from; page <= (to !== undefined && Number.isInteger(to) ? to : from); page += 1) selected.push(page);
    }
    return selected;
  }
  return Array.from({ length: available }, (_, index) => index);
}

/** `POST /v1/ocr`: one markdown page per processed page, `usage_info.pages_processed`. */
function ocr(request: SimRequest): SimReply {
  const body = request.json;
  if (!isRecord(body)) return mistralValidationError('body', 'Input should be a valid JSON object');
  if (!isRecord(body.document)) return mistralValidationError('document', 'Field required');
  const model = stringField(body, 'model') ?? 'mistral-ocr-latest';
  const document = documentPages(body.document, request.simulatorSeed);
  const pages = selectedPages(body.pages, document.pages);
  return json({
    pages: pages.map((index) => {
      const random = createRandom(request.seed + index);
      return { index, markdown: `# Page ${index + 1}\n\n${generateReplyTokens(random, 48).join('')}`, images: [], dimensions: PAGE_DIMENSIONS };
    }),
    model,
    document_annotation: null,
    usage_info: { pages_processed: pages.length, doc_size_bytes: document.bytes },
  });
}

function conversationMessages(inputs: unknown): unknown[] {
  if (typeof inputs === 'string') return [{ role: 'user', content: inputs }];
  return Array.isArray(inputs) ? inputs : [];
}

/** `POST /v1/conversations` (start) and `POST /v1/conversations/{id}` (append): JSON or named-event SSE. */
function conversation(request: SimRequest, state: MistralState, conversationId: string | undefined): SimReply {
  const body = request.json;
  if (!isRecord(body)) return mistralValidationError('body', 'Input should be a valid JSON object');
  let stored = conversationId === undefined ? undefined : state.conversations.get(conversationId);
  if (conversationId !== undefined && stored === undefined) {
    return json({ object: 'error', message: `Conversation ${conversationId} not found. Start one with POST /v1/conversations.`, type: 'not_found', param: null, code: '404' }, 404);
  }
  const agentId = stored?.agentId ?? stringField(body, 'agent_id') ?? null;
  const model = stored?.model ?? stringField(body, 'model') ?? (agentId === null ? undefined : MISTRAL_AGENT_MODEL);
  if (model === undefined) return mistralValidationError('model', 'Provide a model or an agent_id');
  if (body.inputs === undefined) return mistralValidationError('inputs', 'Field required');
  const messages = conversationMessages(body.inputs);
  const completionArguments = isRecord(body.completion_args) ? body.completion_args : {};
  const instructionTokens = typeof body.instructions === 'string' ? messageTokens({ role: 'system', content: body.instructions }) : 0;
  const plan = planChat({
    model,
    messages,
    extraPromptTokens: (stored?.historyTokens ?? 0) + instructionTokens,
    tools: [],
    toolChoice: 'none',
    format: readFormat(completionArguments.response_format),
    maxTokens: integerField(completionArguments, 'max_tokens'),
    choiceCount: 1,
    reasoning: false,
    reasoningEffort: undefined,
    forcedTokens: request.controls.outputTokens,
    seed: request.seed,
    requestNumber: request.requestNumber,
  });
  const id = conversationId ?? `conv_${hexId(request.seed, request.requestNumber, 26)}`;
  if (stored === undefined && body.store !== false) {
    stored = { model, historyTokens: 0, agentId };
    state.conversations.set(id, stored);
  }
  if (stored !== undefined) stored.historyTokens = plan.promptTokens + plan.completionTokens;
  const choice = plan.choices[0] as ChoicePlan;
  const createdAt = new Date().toISOString();
  const entryId = `msg_${hexId(request.seed, request.requestNumber, 26)}`;
  const text = choice.tokens.join('');
  const usage = { ...usageOf(plan), connector_tokens: null, connectors: null };
  const timing = { model, outputTokens: plan.completionTokens };
  if (body.stream !== true) {
    return json(
      {
        object: 'conversation.response',
        conversation_id: id,
        outputs: [
          { object: 'entry', type: 'message.output', created_at: createdAt, completed_at: createdAt, agent_id: agentId, model, id: entryId, role: 'assistant', content: text },
        ],
        usage,
      },
      200,
      timing,
    );
  }
  const event = (type: string, fields: Record<string, unknown>, tokens = 0): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, created_at: createdAt, ...fields }),
    tokens,
  });
  const events: SseEvent[] = [event('conversation.response.started', { conversation_id: id })];
  for (const token of choice.tokens) {
    events.push(
      event('message.output.delta', { output_index: 0, id: entryId, content_index: 0, model, agent_id: agentId, role: 'assistant', content: token }, 1),
    );
  }
  events.push(event('conversation.response.done', { usage }));
  return { kind: 'sse', events, sentinel: false, timing };
}

/** Routes under `/mistral`. */
export function mistralRoute(method: string, path: string, state: MistralState): RouteMatch | undefined {
  if (method !== 'POST') return undefined;
  const route = (name: string, handler: RouteMatch['handler']): RouteMatch => ({ route: `mistral.${name}`, errorStyle: 'mistral', handler });
  switch (path) {
    case '/v1/chat/completions':
      return route('chat.completions', (request) => chat(request, false));
    case '/v1/agents/completions':
      return route('agents.completions', (request) => chat(request, true));
    case '/v1/fim/completions':
      return route('fim.completions', fim);
    case '/v1/embeddings':
      return route('embeddings', embeddings);
    case '/v1/ocr':
      return route('ocr', ocr);
    case '/v1/conversations':
      return route('conversations', (request) => conversation(request, state, undefined));
    default: {
      const match = /^\/v1\/conversations\/([^/]+)$/.exec(path);
      if (match?.[1] !== undefined) {
        const id = decodePathSegment(match[1]);
        return route('conversations.append', (request) => conversation(request, state, id));
      }
      return undefined;
    }
  }
}
