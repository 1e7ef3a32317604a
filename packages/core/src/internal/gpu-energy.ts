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

/** Energy (J, all GPUs) and duration (s) of one forward pass. */
export interface StepCost {
  readonly energy: number;
  readonly seconds: number;
}

const PJ = 1e-12;

/**
 * Where the `…Into` functions write a pass's cost: energy (J, all GPUs) at `offset`, duration (s)
 * at `offset + 1`. The methodology runs three scenarios per request: writing into its own array
 * spares the garbage collector an object per pass.
 */
export type StepCostOut = Float64Array;

/**
 * Time and energy of one forward pass on `gpus` accelerators in tensor parallel, power cap
 * included; `bytes`, `linearFlops` and `attentionFlops` are its work, summed over all GPUs.
 */
function forward(hardware: HardwareProfile, shape: ModelShape, gpus: number, bytes: number, linearFlops: number, attentionFlops: number, out: StepCostOut, offset: number): void {
  const model = hardware.energyModel;
  const flops = linearFlops + ATTENTION_FLOP_FACTOR * attentionFlops;
  const dynamic = model.energyPerBytePj * PJ * bytes + model.energyPerFlopPj * PJ * flops;
  const headroom = hardware.tdpW - model.staticPowerW;
  const memorySeconds = bytes / gpus / (hardware.memoryBandwidthTBs * 1e12 * model.memoryEfficiency);
  // The sustained tensor throughput is the one the power limit allows (e.g. 574 TFLOP/s on an H200).
  const computeSeconds = flops / gpus / (Math.min(hardware.peakBf16Tflops * 1e12, headroom / (model.energyPerFlopPj * PJ)));
  let seconds = shape.layers * model.layerOverheadUs * 1e-6
    + Math.max(memorySeconds, computeSeconds)
    + model.overlap * Math.min(memorySeconds, computeSeconds);
  if (gpus > 1) seconds += 2 * shape.layers * ALL_REDUCE_US * 1e-6;
  seconds = Math.max(seconds, dynamic / gpus / headroom);
  out[offset] = gpus * model.staticPowerW * seconds + dynamic;
  out[offset + 1] = seconds;
}

/** Expected number of distinct routed experts per layer that `tokens` tokens touch (uniform routing). */
function touchedExperts(shape: ModelShape, tokens: number): number {
  if (shape.experts === 0) return 0;
  return shape.experts * (1 - (1 - shape.expertsPerToken / shape.experts) ** tokens);
}

/**
 * {@link decodeStep}, written into `out` at `offset` (see {@link StepCostOut}).
 *
 * @param weightBytes - Bytes per weight (2 for BF16, 1 for FP8).
 */
export function decodeStepInto(hardware: HardwareProfile, shape: ModelShape, batch: number, context: number, gpus: number, weightBytes: number, out: StepCostOut, offset: number): void {
  const experts = touchedExperts(shape, batch) * MOE_KERNEL_FACTOR;
  forward(
    hardware,
    shape,
    gpus,
    weightBytes * (shape.denseParameters + experts * shape.expertParameters) + batch * (context * shape.kvBytesPerToken + shape.activationBytesPerToken),
    2 * batch * (shape.denseParameters + MOE_KERNEL_FACTOR * shape.expertsPerToken * shape.expertParameters),
    batch * context * shape.attentionFlopsPerContextToken,
    out,
    offset,
  );
}

/**
 * {@link prefillPass}, written into `out` at `offset` (see {@link StepCostOut}).
 *
 * @param weightBytes - Bytes per weight (2 for BF16, 1 for FP8).
 */
export function prefillPassInto(hardware: HardwareProfile, shape: ModelShape, tokens: number, prompts: number, gpus: number, weightBytes: number, out: StepCostOut, offset: number): void {
  const all = tokens * prompts;
  const experts = touchedExperts(shape, all) * MOE_KERNEL_FACTOR;
  forward(
    hardware,
    shape,
    gpus,
    weightBytes * (shape.denseParameters + experts * shape.expertParameters) + all * (shape.kvBytesPerToken + shape.activationBytesPerToken),
    2 * all * (shape.denseParameters + MOE_KERNEL_FACTOR * shape.expertsPerToken * shape.expertParameters),
    prompts * shape.attentionFlopsPerContextToken * (tokens * (tokens + 1)) / 2,
    out,
    offset,
  );
}

const step = new Float64Array(2);

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
  decodeStepInto(hardware, shape, options.batch, options.context, options.gpus, options.weightBytes, step, 0);
  return { energy: step[0] as number, seconds: step[1] as number };
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
  prefillPassInto(hardware, shape, options.tokens, options.prompts, options.gpus, options.weightBytes, step, 0);
  return { energy: step[0] as number, seconds: step[1] as number };
}
