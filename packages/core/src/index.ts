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
export { BudgetExceededError } from './errors/budget-exceeded-error';
export type { BudgetExceededErrorOptions } from './errors/budget-exceeded-error';
export { LedgerWriteError } from './errors/ledger-write-error';
export type { LedgerWriteErrorOptions } from './errors/ledger-write-error';
export { TelemetryExportError } from './errors/telemetry-export-error';
export type { TelemetryExportErrorOptions, TelemetryExportStage } from './errors/telemetry-export-error';

// Meters, hooks and budgets
export { Meter } from './meter';
export type {
  ImpactRecordedEvent,
  ListenerErrorEvent,
  ListenerErrorSource,
  MeterEvents,
  MeterLimits,
  MeterListener,
  MeterOptions,
  MeterSnapshot,
  SlidingWindowName,
  WindowSnapshot,
} from './meter';
export type { ImpactBreakdown, ImpactTotals } from './impact-totals';
export { IMPACT_RECORD_VERSION, parseImpactRecord, toImpactRecord } from './impact-record';
export type { ImpactRecord } from './impact-record';
export type { Budget, BudgetEvent, BudgetMetric, BudgetPolicy, BudgetScope, BudgetStatus, BudgetTarget, BudgetWindow } from './budget';

// Instrumentation (what adapters use on every call)
export { assertRequestAllowed, describeFailure, recordImpact, trackRequest } from './instrumentation';
export type { ImpactCallOptions, ImpactOptions, RequestOutcome, RequestTarget, RequestTracker, RequestUsage } from './instrumentation';
export type { DeferredReport } from './deferred-report';
export type { ImpactContext, ImpactFailure, ImpactOperation, ImpactStatus, ImpactTags, OnImpact } from './impact-context';

// Shared adapter pieces: results and streams, token counts, usage of OpenAI-format chat streams
export { attachImpact, getImpact, getStreamImpact } from './attach-impact';
export type { AttachedImpact, WithImpact, WithStreamImpact } from './attach-impact';
export { meterCall, streamOutcome } from './meter-call';
export type { MeterCallReader } from './meter-call';
export { failureStatus, refusedBeforeInference } from './failure-status';
export type { AbortSignalLike } from './failure-status';
export { observeAsyncIterable, observeReadableStream } from './stream-observer';
export type { ObservableReadableStream, ObservableStreamReader, StreamChunk, StreamEnd, StreamObserver } from './stream-observer';
export { CHARACTERS_PER_TOKEN, CHAT_TOKENS_PER_MESSAGE, CHAT_TOKENS_TO_PRIME_REPLY, contentText, countChatTokens, countTokens, loadTokenizer } from './count-tokens';
export type { CountableMessage, TokenCount } from './count-tokens';
export { ChatStreamUsage, chatUsageToRequest, isUsageOnlyChunk, withoutAddedUsage } from './chat-stream-usage';
export type { ChatChunk, ChatChunkDelta, ChatUsage } from './chat-stream-usage';

// Equivalents and comparison
export { EQUIVALENTS, equivalents, formatEquivalent, perDayForAYear } from './equivalents';
export type { Equivalent, EquivalentBasis, EquivalentDefinition, EquivalentId, EquivalentsOptions } from './equivalents';
export { compare, parseCandidate } from './compare';
export type {
  CompareCandidate,
  CompareOptions,
  CompareRequest,
  CompareWorkload,
  Comparison,
  ComparisonRow,
  ImpactCriterion,
  UniformWorkload,
} from './compare';

// Formatting
export { formatCarbon, formatEnergy, formatPrimaryEnergy, formatRange, formatResources, formatWater } from './format';
export type { FormatLocale, FormatOptions } from './format';
