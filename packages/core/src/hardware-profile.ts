import type { DataSource } from './catalog-types';

/** Manufacturing impacts of one piece of hardware (cradle to gate). */
export interface EmbodiedFactors {
  /** kgCO2eq */
  readonly gwp: number;
  /** kgSbeq */
  readonly adpe: number;
  /** MJ */
  readonly pe: number;
}

/**
 * How an accelerator spends energy, in the `wattlens` methodology's model
 * `E = P_static · t + e_byte · bytes + e_flop · FLOPs`, with the step time
 * `t = layers · τ + max(t_mem, t_compute) + overlap · min(t_mem, t_compute)` and the board power
 * cap. Fitted on GPU energy measured on an H200 (docs/methodology.md, "Calibration").
 */
export interface AcceleratorEnergyModel {
  /** Power drawn while busy, before any data moves or any FLOP is done (clocks up, leakage), W. */
  readonly staticPowerW: number;
  /** Energy per byte read from or written to accelerator memory, pJ. */
  readonly energyPerBytePj: number;
  /** Energy per dense BF16 FLOP on tensor cores, operand delivery included, pJ. */
  readonly energyPerFlopPj: number;
  /** Fraction of peak memory bandwidth a well-tuned kernel sustains. */
  readonly memoryEfficiency: number;
  /** Fixed time per transformer layer per step (kernel launch and synchronisation), µs. */
  readonly layerOverheadUs: number;
  /** Share of the shorter of memory and compute time that does not overlap with the longer. */
  readonly overlap: number;
}

/** An accelerator and the server it sits in, as the `wattlens` methodology models them. */
export interface HardwareProfile {
  /** Id used in options and specs, e.g. `h100`, `h200`, `b200`, `a100`. */
  readonly id: string;
  readonly name: string;
  /** Accelerator memory, GB (10^9 bytes). */
  readonly memoryGb: number;
  /** Peak memory bandwidth, TB/s. */
  readonly memoryBandwidthTBs: number;
  /** Peak dense BF16 tensor throughput, TFLOP/s. */
  readonly peakBf16Tflops: number;
  /** Board power limit (TDP), W. */
  readonly tdpW: number;
  /** Accelerator power when idle, W. */
  readonly idleW: number;
  readonly energyModel: AcceleratorEnergyModel;
  /** Accelerators per server. */
  readonly gpusPerServer: number;
  /** Server power outside the accelerators (CPUs, memory, network, fans) while serving, W per server. */
  readonly hostPowerW: number;
  /** Server power outside the accelerators when idle, W per server. */
  readonly hostIdleW: number;
  /** Manufacturing impacts of one accelerator, and of the server without its accelerators. */
  readonly embodied: { readonly gpu: EmbodiedFactors; readonly server: EmbodiedFactors };
  /** Service life, years. */
  readonly lifetimeYears: number;
  readonly sources: readonly DataSource[];
  readonly checked: string;
}
