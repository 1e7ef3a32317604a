import { Catalog, defaultCatalog, type ModelEntry } from '@wattlens/core';

/**
 * BART large fine-tuned on CNN/DailyMail, the summariser of the demo's Hugging Face step. It is
 * not in WattLens' catalog (a pre-LLM encoder-decoder), and its name alone would read as a
 * "large" model of 100B+ parameters: the demo registers it, as a user would, with its published
 * size. The architecture is left to WattLens to derive from the parameter count (its report says
 * so with `model-shape-derived`).
 */
const BART_LARGE_CNN: ModelEntry = {
  provider: 'huggingface',
  id: 'facebook/bart-large-cnn',
  architecture: 'dense',
  // 406M parameters (encoder and decoder together).
  totalParameters: { value: 0.406, min: 0.406, max: 0.406 },
  activeParameters: { value: 0.406, min: 0.406, max: 0.406 },
  // max_position_embeddings of the model's config.json.
  contextWindow: 1024,
  openWeights: true,
  sources: [
    { title: 'Hugging Face, facebook/bart-large-cnn model page (406M params, safetensors; config.json max_position_embeddings 1024)', url: 'https://huggingface.co/facebook/bart-large-cnn', date: '2026-11' },
    { title: 'Lewis et al., BART: Denoising Sequence-to-Sequence Pre-training for Natural Language Generation, Translation, and Comprehension', url: 'https://arxiv.org/abs/1910.13461', date: '2019-10-29' },
  ],
  checked: '2026-11-28',
};

/**
 * The catalog the demo estimates with: WattLens' own, plus the one model of the session that it
 * does not know.
 *
 * @returns A new catalog based on `defaultCatalog`.
 */
export function demoCatalog(): Catalog {
  return new Catalog({ base: defaultCatalog, models: [BART_LARGE_CNN] });
}
