import type { HardwareProfile } from '../hardware-profile';
import type { ModelShape } from './model-shape';

/**
 * Energy of attention FLOPs relative to dense GEMM FLOPs. Fused attention kernels reach 35–75 % of
 * peak on Hopper (FlashAttention-2 ≈ 350 TFLOP/s, FlashAttention-3 ≈ 740 TFLOP/s in BF16, Shah et
 * al. 2024, arXiv:2407.08608) against ≈ 580 TFLOP/s for the GEMMs measured here; 1.25 sits between.
 */
export const ATTENTION_FLOP_FACTOR = 1.25;

/**
 * Cost of routed-expert work relative to the same bytes and FLOPs in dense layers: grouped GEMMs
 * over uneven token groups lose 10–30 % against one large GEMM (Gale et al., MegaBlocks, MLSys 2023;
 * vLLM fused-MoE kernels), so expert bytes and FLOPs cost 1.2×.
 */
export const MOE_KERNEL_FACTOR = 1.2;

/** Tensor-parallel all-reduce latency per layer (two per layer) over NVLink, µs (NCCL small messages). */
export const ALL_REDUCE_US = 8;

/** Work of one forward pass, summed over all GPUs serving the model. */
interface Work {
  readonly bytes: number;
  readonly linearFlops: number;
  readonly attentionFlops: number;
}

/** Energy (J, all GPUs) and duration (s) of one forward pass. */
export interface StepCost {
  readonly energy: number;
  readonly seconds: number;
}

const PJ = 1e-12;

/** Time and energy of one forward pass on `gpus` accelerators in tensor parallel, power cap included. */
function forward(hardware: HardwareProfile, shape: ModelShape, gpus: number, work: Work): StepCost {
  const model = hardware.energyModel;
  const flops = work.linearFlops + ATTENTION_FLOP_FACTOR * work.attentionFlops;
  const dynamic = model.energyPerBytePj * PJ * work.bytes + model.energyPerFlopPj * PJ * flops;
  const headroom = hardware.tdpW - model.staticPowerW;
  const memorySeconds = work.bytes / gpus / (hardware.memoryBandwidthTBs * 1e12 * model.memoryEfficiency);
  // The sustained tensor throughput is the one the power limit allows (e.g. 574 TFLOP/s on an H200).
  const computeSeconds = flops / gpus / (Math.min(hardware.peakBf16Tflops * 1e12, headroom / (model.energyPerFlopPj * PJ)));
  let seconds = shape.layers * model.layerOverheadUs * 1e-6
    + Math.max(memorySeconds, computeSeconds)
    + model.overlap * Math.min(memorySeconds, computeSeconds);
  if (gpus > 1) seconds += 2 * shape.layers * ALL_REDUCE_US * 1e-6;
  seconds = Math.max(seconds, dynamic / gpus / headroom);
  return { energy: gpus * model.staticPowerW * seconds + dynamic, seconds };
}

/** Expected number of distinct routed experts per layer that `tokens` tokens touch (uniform routing). */
function touchedExperts(shape: ModelShape, tokens: number): number {
  if (shape.experts === 0) return 0;
  return shape.experts * (1 - (1 - shape.expertsPerToken / shape.experts) ** tokens);
}

/**
 * One decode step: `batch` sequences each add one token over a KV cache of `context` tokens.
 *
 * @param weightBytes - Bytes per weight (2 for BF16, 1 for FP8).
 */
export function decodeStep(
  hardware: HardwareProfile,
  shape: ModelShape,
  options: { readonly batch: number; readonly context: number; readonly gpus: number; readonly weightBytes: number },
): StepCost {
  const { batch, context, gpus, weightBytes } = options;
  const experts = touchedExperts(shape, batch) * MOE_KERNEL_FACTOR;
  return forward(hardware, shape, gpus, {
    bytes: weightBytes * (shape.denseParameters + experts * shape.expertParameters)
      + batch * (context * shape.kvBytesPerToken + shape.activationBytesPerToken),
    linearFlops: 2 * batch * (shape.denseParameters + MOE_KERNEL_FACTOR * shape.expertsPerToken * shape.expertParameters),
    attentionFlops: batch * context * shape.attentionFlopsPerContextToken,
  });
}

/**
 * One prefill pass: `prompts` prompts of `tokens` tokens each, processed together (causal attention).
 *
 * @param weightBytes - Bytes per weight (2 for BF16, 1 for FP8).
 */
export function prefillPass(
  hardware: HardwareProfile,
  shape: ModelShape,
  options: { readonly tokens: number; readonly prompts: number; readonly gpus: number; readonly weightBytes: number },
): StepCost {
  const { tokens, prompts, gpus, weightBytes } = options;
  const all = tokens * prompts;
  const experts = touchedExperts(shape, all) * MOE_KERNEL_FACTOR;
  return forward(hardware, shape, gpus, {
    bytes: weightBytes * (shape.denseParameters + experts * shape.expertParameters)
      + all * (shape.kvBytesPerToken + shape.activationBytesPerToken),
    linearFlops: 2 * all * (shape.denseParameters + MOE_KERNEL_FACTOR * shape.expertsPerToken * shape.expertParameters),
    attentionFlops: prompts * shape.attentionFlopsPerContextToken * (tokens * (tokens + 1)) / 2,
  });
}
