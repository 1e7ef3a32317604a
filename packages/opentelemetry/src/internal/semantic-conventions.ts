// Attribute names and values of the OpenTelemetry semantic conventions for generative AI.
// Source: open-telemetry/semantic-conventions, docs/registry/attributes/gen-ai.md and
// docs/gen-ai/gen-ai-metrics.md, v1.36.0 (the last version with `gen_ai.system`) and the later
// registry (`gen_ai.provider.name`, which replaces it), read 2026-11.

import type { ImpactOperation, Modality } from '@wattlens/core';
import type { SemanticConventionsVersion } from '../impact-metrics';

export const ATTRIBUTE_SYSTEM = 'gen_ai.system';
export const ATTRIBUTE_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTRIBUTE_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTRIBUTE_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTRIBUTE_TOKEN_TYPE = 'gen_ai.token.type';
export const ATTRIBUTE_ERROR_TYPE = 'error.type';
/** How a request ended (`completed`, `failed`, `aborted`), on `wattlens.requests` only. */
export const ATTRIBUTE_STATUS = 'wattlens.request.status';
/** Prefix of the attribute a tag becomes: tag `customer` → `wattlens.tag.customer`. */
export const TAG_ATTRIBUTE_PREFIX = 'wattlens.tag.';

/**
 * Fallback value of `error.type` when the error has no name ("_OTHER", registry
 * docs/registry/attributes/error.md).
 */
export const OTHER_ERROR_TYPE = '_OTHER';

/**
 * WattLens provider ids whose well-known GenAI provider name differs or is listed: the values of
 * `gen_ai.system` (v1.36.0) and `gen_ai.provider.name` that both versions share. Other providers
 * keep their WattLens id, a custom value the conventions allow.
 */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  mistral: 'mistral_ai',
  'mistral-us': 'mistral_ai',
  anthropic: 'anthropic',
  cohere: 'cohere',
  groq: 'groq',
  deepseek: 'deepseek',
  perplexity: 'perplexity',
};

/**
 * WattLens operations with a well-known `gen_ai.operation.name` ("If one of them applies, then
 * the respective value MUST be used; otherwise, a custom value MAY be used"). The OpenAI Responses
 * API and Mistral conversations are chat completions; FIM and Hugging Face text generation are text
 * completions; feature extraction computes embeddings. Others keep their WattLens name.
 */
const OPERATION_NAMES: Readonly<Record<string, string>> = {
  chat: 'chat',
  responses: 'chat',
  conversations: 'chat',
  completions: 'text_completion',
  'text-generation': 'text_completion',
  fim: 'text_completion',
  embeddings: 'embeddings',
  'feature-extraction': 'embeddings',
};

/** The operation a bare `meter.record(report)` most likely was, from the report's modality. */
const OPERATION_BY_MODALITY: Readonly<Record<Modality, ImpactOperation>> = {
  text: 'chat',
  embedding: 'embeddings',
  image: 'images',
  'audio-transcription': 'audio-transcription',
  'audio-speech': 'audio-speech',
  ocr: 'ocr',
};

/** The GenAI provider name of a WattLens provider id. */
export function providerName(provider: string): string {
  return Object.hasOwn(PROVIDER_NAMES, provider) ? PROVIDER_NAMES[provider] ?? provider : provider;
}

/** The `gen_ai.operation.name` of a WattLens operation (or of the report's modality when unknown). */
export function operationName(operation: ImpactOperation | undefined, modality: Modality): string {
  const name = operation ?? OPERATION_BY_MODALITY[modality] ?? 'chat';
  return Object.hasOwn(OPERATION_NAMES, name) ? OPERATION_NAMES[name] ?? name : name;
}

/**
 * The conventions to follow when the options do not say: the latest experimental ones when
 * `OTEL_SEMCONV_STABILITY_OPT_IN` lists `gen_ai_latest_experimental` (the transition plan of the
 * GenAI conventions), v1.36.0 otherwise. Reads the variable only where `process.env` exists.
 */
export function defaultConventions(): SemanticConventionsVersion {
  let optIn: unknown;
  try {
    optIn = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['OTEL_SEMCONV_STABILITY_OPT_IN'];
  } catch {
    optIn = undefined;
  }
  if (typeof optIn !== 'string') return '1.36';
  return optIn.split(',').some((value) => value.trim() === 'gen_ai_latest_experimental') ? 'latest' : '1.36';
}
