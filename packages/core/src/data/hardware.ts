import type { HardwareProfile } from '../hardware-profile';

/** Accelerator and server profiles used by the `wattlens` methodology. */
export const HARDWARE_PROFILES: readonly HardwareProfile[] = [];
