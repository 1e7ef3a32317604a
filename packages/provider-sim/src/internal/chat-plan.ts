import { countSimTokens, splitSimTokens } from '../count-sim-tokens';
import { isRecord } from './exchange';
import { contentText, generateReplyTokens, naturalReplyLength, promptTokens } from './generation';
import { sampleJson } from './json-sample';
import { createRandom, hexId } from './random';

/** A tool the model may call, whatever the provider's wire shape. */
export interface ToolDefinition {
  readonly name: string;
  readonly parameters: unknown;
}

/** How the reply must be formatted. */
export type ReplyFormat = { readonly kind: 'text' } | { readonly kind: 'json_object' } | { readonly kind: 'json_schema'; readonly schema: unknown };

/** A tool call the simulator decided to make. */
export interface ToolCallPlan {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
  /** The arguments split into tokens (one SSE chunk each). */
  readonly argumentTokens: readonly string[];
}

/** One generated choice. */
export interface ChoicePlan {
  /** Text tokens, one SSE chunk each; empty for a tool call. */
  readonly tokens: readonly string[];
  readonly toolCall: ToolCallPlan | undefined;
  readonly finishReason: 'stop' | 'length' | 'tool_calls';
  /** Visible output tokens: the text tokens, or 1 (the function name) plus the argument tokens. */
  readonly outputTokens: number;
  readonly reasoningTokens: number;
}

/** A planned reply: what will be sent and what usage will say. */
export interface ChatPlan {
  readonly promptTokens: number;
  readonly choices: readonly ChoicePlan[];
  readonly reasoningTokens: number;
  /** Visible plus reasoning tokens of every choice. */
  readonly completionTokens: number;
}

/** What a chat-like request asks for, normalised across providers. */
export interface ChatRequestShape {
  readonly model: string;
  readonly messages: readonly unknown[];
  /** Extra prompt tokens not in `messages` (instructions, prompt text, tool definitions…). */
  readonly extraPromptTokens?: number;
  readonly tools: readonly ToolDefinition[];
  /** The raw tool definitions, counted in the prompt. */
  readonly rawTools?: unknown;
  readonly toolChoice: unknown;
  readonly format: ReplyFormat;
  readonly maxTokens: number | undefined;
  readonly choiceCount: number;
  /** Reasoning models spend hidden reasoning tokens, included in completion tokens and in `maxTokens`. */
  readonly reasoning: boolean;
  readonly reasoningEffort: string | undefined;
  /** `x-sim-output-tokens`, forcing the length of text replies. */
  readonly forcedTokens: number | undefined;
  readonly seed: number;
  /** Counter used to make tool call ids unique. */
  readonly requestNumber: number;
}

/**
 * Hidden reasoning spent by reasoning models: 128 to 1023 tokens at medium effort, scaled by
 * effort. A simulator choice (OpenAI's reasoning guide only says reasoning can use "a few hundred
 * to tens of thousands" of tokens), so adapters see non-zero `reasoning_tokens` to account for.
 */
const REASONING_BASE = { minimum: 128, maximumExclusive: 1024 } as const;
const REASONING_EFFORT_FACTOR: Readonly<Record<string, number>> = { none: 0, minimal: 0, low: 0.25, medium: 1, high: 4 };

/** Reads tools in OpenAI chat, Mistral or Responses API shape. */
export function readTools(tools: unknown): ToolDefinition[] {
  if (!Array.isArray(tools)) return [];
  const definitions: ToolDefinition[] = [];
  for (const tool of tools) {
    if (!isRecord(tool)) continue;
    const definition = isRecord(tool.function) ? tool.function : tool;
    if (typeof definition.name === 'string') {
      definitions.push({ name: definition.name, parameters: definition.parameters ?? { type: 'object', properties: {} } });
    }
  }
  return definitions;
}

/** Reads `response_format` (chat) or `text.format` (Responses API). */
export function readFormat(format: unknown): ReplyFormat {
  if (!isRecord(format)) return { kind: 'text' };
  if (format.type === 'json_object') return { kind: 'json_object' };
  if (format.type === 'json_schema') {
    // Chat: {type, json_schema:{schema}}; Responses: {type, schema}; Together: {type, schema}.
    const nested = isRecord(format.json_schema) ? format.json_schema : format;
    return { kind: 'json_schema', schema: nested.schema ?? { type: 'object', properties: {} } };
  }
  return { kind: 'text' };
}

function lastUserText(messages: readonly unknown[]): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (typeof message === 'string') return message;
    if (isRecord(message) && (message.role === 'user' || message.type === 'message.input')) return contentText(message.content);
  }
  return '';
}

function endsWithToolResult(messages: readonly unknown[]): boolean {
  const last = messages.at(-1);
  return isRecord(last) && (last.role === 'tool' || last.type === 'function_call_output' || last.type === 'function.result');
}

function mentions(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes(name.toLowerCase()) || lower.includes(name.toLowerCase().replaceAll('_', ' '));
}

/** Which tool to call, if any, following `tool_choice` and what the last user message asks. */
function chooseTool(shape: ChatRequestShape): ToolDefinition | undefined {
  const { tools, toolChoice, messages } = shape;
  if (tools.length === 0 || toolChoice === 'none') return undefined;
  if (isRecord(toolChoice)) {
    const named = isRecord(toolChoice.function) ? toolChoice.function.name : toolChoice.name;
    const tool = tools.find((candidate) => candidate.name === named);
    if (tool !== undefined) return tool;
  }
  const asked = tools.find((tool) => mentions(lastUserText(messages), tool.name));
  if (toolChoice === 'required' || toolChoice === 'any' || isRecord(toolChoice)) return asked ?? tools[0];
  if (endsWithToolResult(messages)) return undefined;
  return asked;
}

/** Plans a chat reply: prompt tokens, each choice's tokens or tool call, reasoning and usage. */
export function planChat(shape: ChatRequestShape): ChatPlan {
  const prompt = promptTokens(shape.messages, shape.rawTools) + (shape.extraPromptTokens ?? 0);
  const choices: ChoicePlan[] = [];
  for (let index = 0; index < Math.max(1, shape.choiceCount); index += 1) {
    const random = createRandom(shape.seed + Math.imul(index, 0x9e3779b1));
    let reasoningTokens = 0;
    if (shape.reasoning) {
      const factor = REASONING_EFFORT_FACTOR[shape.reasoningEffort ?? 'medium'] ?? 1;
      reasoningTokens = Math.floor(random.integer(REASONING_BASE.minimum, REASONING_BASE.maximumExclusive) * factor);
    }
    let budget = shape.maxTokens === undefined ? Number.POSITIVE_INFINITY : shape.maxTokens;
    if (reasoningTokens >= budget) {
      choices.push({ tokens: [], toolCall: undefined, finishReason: 'length', outputTokens: 0, reasoningTokens: budget });
      continue;
    }
    budget -= reasoningTokens;
    const tool = chooseTool(shape);
    if (tool !== undefined) {
      const argumentsText = JSON.stringify(sampleJson(tool.parameters, random));
      const allTokens = splitSimTokens(argumentsText);
      const argumentTokens = allTokens.slice(0, Math.max(0, budget - 1));
      const truncated = argumentTokens.length < allTokens.length;
      choices.push({
        tokens: [],
        toolCall: {
          id: `call_${hexId(shape.seed, shape.requestNumber * 16 + index)}`,
          name: tool.name,
          arguments: argumentTokens.join(''),
          argumentTokens,
        },
        finishReason: truncated ? 'length' : 'tool_calls',
        outputTokens: 1 + argumentTokens.length,
        reasoningTokens,
      });
      continue;
    }
    let tokens: string[];
    if (shape.format.kind === 'text') {
      tokens = generateReplyTokens(random, shape.forcedTokens ?? naturalReplyLength(random));
    } else {
      const value =
        shape.format.kind === 'json_schema'
          ? sampleJson(shape.format.schema, random)
          : { answer: generateReplyTokens(random, naturalReplyLength(random)).join('') };
      tokens = splitSimTokens(JSON.stringify(value));
    }
    const truncated = tokens.length > budget;
    if (truncated) tokens = tokens.slice(0, budget);
    choices.push({ tokens, toolCall: undefined, finishReason: truncated ? 'length' : 'stop', outputTokens: tokens.length, reasoningTokens });
  }
  const reasoningTokens = choices.reduce((sum, choice) => sum + choice.reasoningTokens, 0);
  const visible = choices.reduce((sum, choice) => sum + choice.outputTokens, 0);
  return { promptTokens: prompt, choices, reasoningTokens, completionTokens: visible + reasoningTokens };
}

/** Plain text generation (legacy completions, FIM, summaries): `count` tokens, or a natural length, capped by `maxTokens`. */
export function planText(seed: number, forcedTokens: number | undefined, maxTokens: number | undefined): { tokens: string[]; finishReason: 'stop' | 'length' } {
  const random = createRandom(seed);
  let tokens = generateReplyTokens(random, forcedTokens ?? naturalReplyLength(random));
  const truncated = maxTokens !== undefined && tokens.length > maxTokens;
  if (truncated) tokens = tokens.slice(0, maxTokens);
  return { tokens, finishReason: truncated ? 'length' : 'stop' };
}

/** Tokens of a prompt that is a string or a list of strings. */
export function textPromptTokens(prompt: unknown): number {
  if (typeof prompt === 'string') return countSimTokens(prompt);
  if (Array.isArray(prompt)) {
    return prompt.reduce<number>(
      (sum, item) => sum + (typeof item === 'string' ? countSimTokens(item) : typeof item === 'number' ? 1 : Array.isArray(item) ? item.length : 0),
      0,
    );
  }
  return 0;
}
