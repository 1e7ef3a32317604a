import type { ModelEntry } from '../../catalog-types';
import { ANTHROPIC_MODELS } from './anthropic';
import { COHERE_MODELS } from './cohere';
import { GOOGLE_MODELS } from './google';
import { HUGGING_FACE_MODELS } from './huggingface';
import { MISTRAL_MODELS } from './mistral';
import { OPENAI_MODELS } from './openai';

/**
 * The model catalog: every model WattLens knows, with its size, shape and sources, one file per
 * provider. The provider API catalogs come first, so that an id both a provider and the Hugging
 * Face Hub know (none today) resolves to the provider's own entry in cross-provider look-ups.
 */
export const MODEL_CATALOG: readonly ModelEntry[] = [
  ...OPENAI_MODELS,
  ...MISTRAL_MODELS,
  ...ANTHROPIC_MODELS,
  ...GOOGLE_MODELS,
  ...COHERE_MODELS,
  ...HUGGING_FACE_MODELS,
];
