import type { DataSource } from '../catalog-types';
import type { Range } from '../impact-report';
import { between } from '../internal/range';

/** How a model is served, when the caller does not say: the `wattlens` methodology's assumptions. */
export interface ServingAssumptions {
  /** Sequences decoded together in one step (continuous batching). The largest uncertainty. */
  readonly batchSize: Range;
  /** Bytes per weight: 2 for BF16, 1 for FP8, 0.5 for 4-bit. */
  readonly weightBytes: Range;
  /** Share of provisioned accelerator time spent serving (the rest idles, waiting for load). */
  readonly utilization: Range;
  /** Accelerator energy of real serving over the ideal steady state (scheduling gaps, prefill interference, padding). */
  readonly servingOverhead: Range;
}

/** A size class of served models and its assumptions. */
export interface ServingClass extends ServingAssumptions {
  readonly name: string;
  /** Upper bound of active parameters, in billions, for models of this class. */
  readonly maxActiveParameters: number;
}

export const SERVING_SOURCES: readonly DataSource[] = [
  {
    title: 'ML.ENERGY leaderboard v3: vLLM serving of Llama 3.1 8B/70B/405B on H100 and B200 at max batch 8–4096 (energy per token falls 5–10× from batch 8 to 256)',
    url: 'https://ml.energy/leaderboard',
    date: '2026-02',
  },
  {
    title: 'Elsen et al. 2025, Measuring the environmental impact of delivering AI at Google Scale: idle machines 10 % of serving energy against 83 % for active accelerators and hosts',
    url: 'https://arxiv.org/abs/2508.15734',
    date: '2025-08',
  },
  {
    title: 'vLLM engine arguments (max_num_seqs, the cap on concurrent sequences) and FP8 serving of large models (DeepSeek-V3 technical report, arXiv:2412.19437)',
    url: 'https://docs.vllm.ai/en/latest/configuration/engine_args.html',
    date: '2025-12',
  },
];

/**
 * Serving classes by active parameters. Batch sizes: ML.ENERGY's measurements show real vLLM
 * servers sustaining 64–256 concurrent sequences for an 8B model and 32–128 for 70B–405B before
 * latency targets bind; providers tune for latency, so the central values sit at the lower middle
 * and the ranges span the measured plateau. Weights: small open models are served in BF16 or FP8,
 * large ones increasingly in FP8 (DeepSeek-V3 serves FP8; gpt-oss ships 4-bit MXFP4 experts).
 * Utilization 0.67 reproduces Google's measured idle share (docs/methodology.md, "Idle capacity").
 * Serving overhead: ML.ENERGY's real vLLM energy per token exceeds our ideal steady-state model by
 * 0–60 % (docs/validation.md), central 20 %.
 */
export const SERVING_CLASSES: readonly ServingClass[] = [
  {
    name: 'small (≤ 20B active)',
    maxActiveParameters: 20,
    batchSize: between(32, 256, 128),
    weightBytes: between(1, 2, 2),
    utilization: between(0.5, 0.85, 0.67),
    servingOverhead: between(1, 1.6, 1.2),
  },
  {
    name: 'medium (≤ 100B active)',
    maxActiveParameters: 100,
    batchSize: between(32, 256, 96),
    weightBytes: between(1, 2, 1),
    utilization: between(0.5, 0.85, 0.67),
    servingOverhead: between(1, 1.6, 1.2),
  },
  {
    name: 'large (> 100B active)',
    maxActiveParameters: Infinity,
    batchSize: between(16, 256, 64),
    weightBytes: between(1, 2, 1),
    utilization: between(0.5, 0.85, 0.67),
    servingOverhead: between(1, 1.6, 1.2),
  },
];

/** The serving class of a model with this many active parameters (billions). */
export function servingClass(activeParameters: number): ServingClass {
  return SERVING_CLASSES.find((c) => activeParameters <= c.maxActiveParameters) ?? (SERVING_CLASSES[SERVING_CLASSES.length - 1] as ServingClass);
}
