// Estimation
export { estimate, estimateSpec } from './estimate';
export type {
  DeploymentSpec,
  EstimateOptions,
  EstimateRequest,
  EstimateSpec,
  ModelArchitectureSpec,
  RangeInput,
} from './estimate';

// Report
export type {
  EmbodiedImpacts,
  EnergyBreakdown,
  EnergySource,
  ImpactReport,
  Impacts,
  MethodologyId,
  Modality,
  Range,
  ReportAssumptions,
  ReportedRequest,
  ReportWarning,
  ResolvedModelSummary,
  TokenSource,
} from './impact-report';

// Data
export { Catalog, defaultCatalog, registerModel, registerProvider, registerZone } from './catalog';
export type { CatalogInit, ModelMatch, ModelMatchKind } from './catalog';
export type {
  DataSource,
  EcoLogitsModelFigures,
  ElectricityFactors,
  LatentAttention,
  ModelEntry,
  ModelTask,
  ProviderProfile,
  ZoneEntry,
} from './catalog-types';
export type { AcceleratorEnergyModel, EmbodiedFactors, HardwareProfile } from './hardware-profile';
export { SERVING_CLASSES } from './data/serving';
export type { ServingAssumptions, ServingClass } from './data/serving';
export { DATA_VERSION } from './data/version';

// Methodologies
export { ECOLOGITS_CONSTANTS } from './methodologies/ecologits';

// Errors
export { WattLensError } from './errors/wattlens-error';
export type { WattLensErrorOptions } from './errors/wattlens-error';
export { InvalidRequestError } from './errors/invalid-request-error';
export type { InvalidRequestErrorOptions } from './errors/invalid-request-error';

// Formatting
export { formatCarbon, formatEnergy, formatPrimaryEnergy, formatRange, formatResources, formatWater } from './format';
export type { FormatLocale, FormatOptions } from './format';
