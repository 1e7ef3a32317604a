import { latencyProfileFor } from '../latency-profiles';

/** Models that report `reasoning_tokens` in their usage (OpenAI o-series and GPT-5, not gpt-5-chat). */
const OPENAI_REASONING_MODEL = /^(o1|o3|o4)(-|$)|^gpt-5(?!-chat)/i;

/** Whether an OpenAI model id is a reasoning model that spends hidden reasoning tokens. */
export function isReasoningModel(model: string): boolean {
  return OPENAI_REASONING_MODEL.test(model);
}

/**
 * Default embedding sizes, from each model's documentation:
 * OpenAI embeddings guide (text-embedding-3-small 1536, -3-large 3072, ada-002 1536),
 * Mistral embeddings docs (mistral-embed 1024, codestral-embed 1536 by default),
 * Hugging Face model cards (hidden size of the pooled encoder).
 */
const EMBEDDING_DIMENSIONS: readonly (readonly [RegExp, number])[] = [
  [/text-embedding-3-large/i, 3072],
  [/text-embedding-3-small|text-embedding-ada-002/i, 1536],
  [/codestral-embed/i, 1536],
  [/mistral-embed/i, 1024],
  [/MiniLM|bge-small|e5-small|gte-small/i, 384],
  [/bge-large|e5-large|gte-large|mxbai-embed-large/i, 1024],
  [/mpnet|bge-base|e5-base|gte-base|nomic-embed/i, 768],
];

/** Size used for embedding models the table does not know: the most common encoder width (768, BERT-base). */
const DEFAULT_EMBEDDING_DIMENSIONS = 768;

/** The default number of dimensions the simulator returns for an embedding model. */
export function embeddingDimensions(model: string): number {
  for (const [pattern, dimensions] of EMBEDDING_DIMENSIONS) if (pattern.test(model)) return dimensions;
  return DEFAULT_EMBEDDING_DIMENSIONS;
}

/**
 * GPU energy per output token (prefill included) measured by the ML.ENERGY leaderboard v3
 * (https://ml.energy/leaderboard, 2025-12, data 2026-02-16), chat workload at a batch of 64:
 * Llama 3.1 8B on one H100: 0.1186 J; Llama 3.1 70B on four H100: 0.7972 J.
 * Small models use the 8B figure, every other model the 70B one.
 */
const JOULES_PER_OUTPUT_TOKEN = { small: 0.1186, large: 0.7972 } as const;

/** The energy the simulator reports for a reply when asked (`x-sim-report-energy: 1`), joules. */
export function simulatedEnergyJoules(model: string, completionTokens: number): number {
  const perToken = latencyProfileFor(model).modelClass === 'small' ? JOULES_PER_OUTPUT_TOKEN.small : JOULES_PER_OUTPUT_TOKEN.large;
  return Math.round(completionTokens * perToken * 1e4) / 1e4;
}
