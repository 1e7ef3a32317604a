import type { DataSource } from '../../catalog-types';

/** The day every entry of the catalog was last reviewed. */
export const CHECKED = '2026-11-28';

/** EcoLogits' warning: the provider has not published the model's architecture. */
export const NOT_RELEASED = 'model-arch-not-released';

/** EcoLogits' warning: the model also takes images or audio, so a text-only estimate is less precise. */
export const MULTIMODAL = 'model-arch-multimodal';

/** Source of every `ecologits` figure: EcoLogits' own catalog at the version WattLens reproduces. */
export const ECOLOGITS_CATALOG: DataSource = {
  title: 'EcoLogits 0.9.1 model catalog (ecologits/data/models.json, tag 0.9.1, commit 2d0a1c76)',
  url: 'https://github.com/genai-impact/ecologits/blob/0.9.1/ecologits/data/models.json',
  date: '2025-11-13',
};

/**
 * Abacha et al., "MEDEC: A Benchmark for Medical Error Detection and Correction in Clinical Notes"
 * (Microsoft and University of Washington), which states estimated sizes for the closed models it
 * evaluates: GPT-4o ~200B, GPT-4o-mini ~8B, o1-mini ~100B, o1-preview ~300B, Claude 3.5 Sonnet ~175B.
 */
export const MEDEC_PAPER: DataSource = {
  title: 'Abacha et al., MEDEC benchmark (arXiv:2412.19260), table of estimated closed-model sizes',
  url: 'https://arxiv.org/abs/2412.19260',
  date: '2024-12-26',
};

/** Epoch AI's estimate of a ChatGPT query's energy, which assumes about 100B active parameters for GPT-4o. */
export const EPOCH_CHATGPT_ENERGY: DataSource = {
  title: 'Epoch AI, Gradient Updates: How much energy does ChatGPT use? (J. You)',
  url: 'https://epoch.ai/gradient-updates/how-much-energy-does-chatgpt-use',
  date: '2025-02-07',
};

/** SemiAnalysis' reconstruction of GPT-4: ~1.8T parameters, 16 experts, 2 routed per token, ~280B used per token. */
export const SEMIANALYSIS_GPT4: DataSource = {
  title: 'SemiAnalysis, GPT-4 Architecture, Infrastructure, Training Dataset, Costs, Vision, MoE',
  url: 'https://semianalysis.com/2023/07/10/gpt-4-architecture-infrastructure/',
  date: '2023-07-10',
};

/**
 * The model card and configuration of an open-weights model on the Hugging Face Hub.
 *
 * @param repo - The repository id, e.g. `meta-llama/Llama-3.1-8B-Instruct`.
 * @param date - When the model card was published (`YYYY-MM`).
 * @returns The source, pointing at the repository.
 * @example
 * ```ts
 * modelCard('Qwen/Qwen3-8B', '2025-04');
 * // { title: 'Qwen/Qwen3-8B model card and config.json', url: 'https://huggingface.co/Qwen/Qwen3-8B', date: '2025-04' }
 * ```
 */
export function modelCard(repo: string, date: string): DataSource {
  return { title: `${repo} model card and config.json`, url: `https://huggingface.co/${repo}`, date };
}
