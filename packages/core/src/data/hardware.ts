import type { AcceleratorEnergyModel, EmbodiedFactors, HardwareProfile } from '../hardware-profile';

const CHECKED = '2026-11-28';

const CALIBRATION = {
  title: 'WattLens calibration: GPU energy measured on one NVIDIA H200 SXM (NVML energy counter, bf16, decode batch 1–256, prefill 2,048 tokens), fitted in docs/methodology.md',
  date: '2026-11-28',
} as const;

/**
 * The H200 fit (docs/methodology.md, "Calibration"): least squares on the logarithm of 12 measured
 * configurations (two Llama-shaped models, decode and prefill): `pnpm --filter @wattlens/core calibrate`.
 */
const H200_FIT: AcceleratorEnergyModel = {
  staticPowerW: 94.3,
  energyPerBytePj: 127.5,
  energyPerFlopPj: 0.953,
  memoryEfficiency: 0.900,
  layerOverheadUs: 71.6,
  overlap: 0.545,
};

const H200_IDLE_W = 76;

/**
 * Other accelerators, from the H200 fit and first principles: the same software stack (layer
 * overhead, overlap, bandwidth efficiency); static power in proportion to idle power; energy per
 * byte set by the memory technology (HBM3 and HBM3e alike; HBM2e 25 % higher, an assumption); energy
 * per FLOP in proportion to board power over peak throughput, the ratio that sets the power-capped
 * throughput the H200 measurements show (prefill at 580 TFLOP/s, 59 % of peak, at 700 W).
 */
function scaled(idleW: number, tdpW: number, peakTflops: number, bytePj = H200_FIT.energyPerBytePj): AcceleratorEnergyModel {
  const h200PowerPerFlop = 700 / 989.4;
  return {
    ...H200_FIT,
    staticPowerW: Math.round(H200_FIT.staticPowerW * (idleW / H200_IDLE_W) * 10) / 10,
    energyPerBytePj: bytePj,
    energyPerFlopPj: Math.round(H200_FIT.energyPerFlopPj * (tdpW / peakTflops) / h200PowerPerFlop * 1000) / 1000,
  };
}

/**
 * Embodied impacts of one accelerator: EcoLogits 0.9.1 (after Boavizta) uses 164 kgCO2eq,
 * 5.1e-3 kgSbeq and 1,828 MJ per GPU, and for the 8-GPU server without its GPUs (AWS p4de.24xlarge)
 * 5,700 kgCO2eq, 0.37 kgSbeq and 70,000 MJ. We use them for the H100, H200 and A100 (same package
 * class; the H200's larger HBM is not modelled) and double the GPU figures for the B200 (two
 * reticle-sized dies and 192 GB of HBM3e).
 */
const GPU_EMBODIED: EmbodiedFactors = { gwp: 164, adpe: 5.1e-3, pe: 1828 };
const SERVER_EMBODIED: EmbodiedFactors = { gwp: 5700, adpe: 0.37, pe: 70000 };
const EMBODIED_SOURCE = {
  title: 'EcoLogits 0.9.1 methodology, embodied impacts of GPUs and servers (after Boavizta)',
  url: 'https://ecologits.ai/latest/methodology/llm_inference/',
  date: '2025-11',
} as const;

/**
 * Host power (CPUs, DRAM, network, fans) while serving: Google measured that host CPU and DRAM draw
 * 25 % of serving energy against 58 % for the accelerators (Elsen et al. 2025), i.e. 0.43 W per
 * accelerator watt; at the ~460 W an H100/H200 averages while serving that is ~200 W per GPU,
 * 1.6 kW per 8-GPU server (EcoLogits assumes 1.2 kW). Idle host power: half of it.
 */
const GOOGLE_SPLIT = {
  title: 'Elsen et al., Measuring the environmental impact of delivering AI at Google Scale (Google, 2025): energy split of a median Gemini text prompt',
  url: 'https://arxiv.org/abs/2508.15734',
  date: '2025-08',
} as const;

/** Accelerator and server profiles used by the `wattlens` methodology. */
export const HARDWARE_PROFILES: readonly HardwareProfile[] = [
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM 141 GB',
    memoryGb: 141,
    memoryBandwidthTBs: 4.8,
    peakBf16Tflops: 989.4,
    tdpW: 700,
    idleW: H200_IDLE_W,
    energyModel: H200_FIT,
    gpusPerServer: 8,
    hostPowerW: 1600,
    hostIdleW: 800,
    embodied: { gpu: GPU_EMBODIED, server: SERVER_EMBODIED },
    lifetimeYears: 4,
    sources: [
      { title: 'NVIDIA H200 Tensor Core GPU datasheet (141 GB HBM3e, 4.8 TB/s, 989 TFLOPS dense BF16, 700 W)', url: 'https://www.nvidia.com/en-us/data-center/h200/', date: '2024-11' },
      CALIBRATION,
      EMBODIED_SOURCE,
      GOOGLE_SPLIT,
    ],
    checked: CHECKED,
  },
  {
    id: 'h100',
    name: 'NVIDIA H100 SXM 80 GB',
    memoryGb: 80,
    memoryBandwidthTBs: 3.35,
    peakBf16Tflops: 989.4,
    tdpW: 700,
    idleW: 70,
    // Same GH100 die and power limit as the H200: same energy per FLOP; HBM3 instead of HBM3e.
    energyModel: scaled(70, 700, 989.4),
    gpusPerServer: 8,
    hostPowerW: 1600,
    hostIdleW: 800,
    embodied: { gpu: GPU_EMBODIED, server: SERVER_EMBODIED },
    lifetimeYears: 4,
    sources: [
      { title: 'NVIDIA H100 Tensor Core GPU datasheet (SXM5: 80 GB HBM3, 3.35 TB/s, 989 TFLOPS dense BF16, 700 W)', url: 'https://www.nvidia.com/en-us/data-center/h100/', date: '2023-09' },
      CALIBRATION,
      EMBODIED_SOURCE,
      GOOGLE_SPLIT,
    ],
    checked: CHECKED,
  },
  {
    id: 'b200',
    name: 'NVIDIA B200 (HGX) 180 GB',
    memoryGb: 180,
    memoryBandwidthTBs: 7.7,
    peakBf16Tflops: 2250,
    tdpW: 1000,
    idleW: 140,
    energyModel: scaled(140, 1000, 2250),
    gpusPerServer: 8,
    hostPowerW: 2000,
    hostIdleW: 1000,
    embodied: { gpu: { gwp: 2 * GPU_EMBODIED.gwp, adpe: 2 * GPU_EMBODIED.adpe, pe: 2 * GPU_EMBODIED.pe }, server: SERVER_EMBODIED },
    lifetimeYears: 4,
    sources: [
      { title: 'NVIDIA HGX B200 datasheet (8 × 180 GB HBM3e, 7.7 TB/s per GPU, 2.25 PFLOPS dense BF16 per GPU, 1,000 W)', url: 'https://www.nvidia.com/en-us/data-center/hgx/', date: '2025-03' },
      CALIBRATION,
      EMBODIED_SOURCE,
      GOOGLE_SPLIT,
    ],
    checked: CHECKED,
  },
  {
    id: 'a100',
    name: 'NVIDIA A100 SXM 80 GB',
    memoryGb: 80,
    memoryBandwidthTBs: 2.039,
    peakBf16Tflops: 312,
    tdpW: 400,
    idleW: 50,
    // HBM2e on a 7 nm part: energy per byte assumed 25 % above HBM3.
    energyModel: scaled(50, 400, 312, 1.25 * H200_FIT.energyPerBytePj),
    gpusPerServer: 8,
    hostPowerW: 1200,
    hostIdleW: 600,
    embodied: { gpu: GPU_EMBODIED, server: SERVER_EMBODIED },
    lifetimeYears: 4,
    sources: [
      { title: 'NVIDIA A100 Tensor Core GPU datasheet (SXM 80 GB: HBM2e, 2,039 GB/s, 312 TFLOPS dense BF16, 400 W)', url: 'https://www.nvidia.com/en-us/data-center/a100/', date: '2021-06' },
      { title: 'EcoLogits 0.9.1: 1.2 kW per 8-GPU server without GPUs (AWS p4de.24xlarge)', url: 'https://ecologits.ai/latest/methodology/llm_inference/', date: '2025-11' },
      CALIBRATION,
      EMBODIED_SOURCE,
    ],
    checked: CHECKED,
  },
];
