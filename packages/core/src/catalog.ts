import type { ModelEntry, ProviderProfile, ZoneEntry } from './catalog-types';
import type { HardwareProfile } from './hardware-profile';
import { HARDWARE_PROFILES } from './data/hardware';
import { MODEL_CATALOG } from './data/models';
import { PROVIDER_PROFILES } from './data/providers';
import { ZONES } from './data/zones';
import { validateModelEntry, validateProviderProfile, validateZoneEntry } from './internal/validate-entries';

/** How a model id was found in the catalog. */
export type ModelMatchKind = 'exact' | 'alias' | 'cross-provider';

/** A catalog entry found for a (provider, model id) pair. */
export interface ModelMatch {
  readonly entry: ModelEntry;
  readonly match: ModelMatchKind;
}

/** What a {@link Catalog} starts with. */
export interface CatalogInit {
  readonly models?: readonly ModelEntry[];
  readonly zones?: readonly ZoneEntry[];
  readonly providers?: readonly ProviderProfile[];
  readonly hardware?: readonly HardwareProfile[];
}

const SEPARATOR = '\u0000';

/** Most {@link Catalog.findModel} answers remembered (then forgotten all at once). */
const MOST_REMEMBERED_LOOKUPS = 4096;
/** Longest model name whose look-up is remembered: names are ids, not text. */
const LONGEST_REMEMBERED_NAME = 256;

let beforeCatalogChange: () => void = () => undefined;

/**
 * Sets what runs before any catalog changes: core's instrumentation resolves then the requests
 * it has not resolved yet (`DeferredEstimate`), so that each gets the catalog as it was when it
 * ended. Internal to core; not exported from the package.
 *
 * @param hook - Called before every registration, on any catalog.
 */
export function setBeforeCatalogChange(hook: () => void): void {
  beforeCatalogChange = hook;
}

/**
 * The data WattLens estimates with: models, electricity zones, provider defaults and hardware.
 * `defaultCatalog` holds the project's data; add or override entries at run time with
 * {@link Catalog.registerModel} and friends, or build your own catalog and pass it to `estimate()`.
 *
 * @example
 * ```ts
 * const catalog = new Catalog({ base: defaultCatalog });
 * catalog.registerModel({ provider: 'vllm', id: 'my-finetune', architecture: 'dense',
 *   totalParameters: { value: 8, min: 8, max: 8 }, activeParameters: { value: 8, min: 8, max: 8 },
 *   openWeights: true, sources: [{ title: 'our config.json', date: '2026-11-28' }], checked: '2026-11-28' });
 * estimate({ provider: 'vllm', model: 'my-finetune', outputTokens: 100 }, { catalog });
 * ```
 */
export class Catalog {
  readonly #models = new Map<string, ModelMatch>();
  readonly #modelsById = new Map<string, ModelEntry>();
  readonly #entries = new Map<string, ModelEntry>();
  readonly #zones = new Map<string, ZoneEntry>();
  readonly #providers = new Map<string, ProviderProfile>();
  readonly #providerNames = new Map<string, string>();
  readonly #hardware = new Map<string, HardwareProfile>();
  /**
   * {@link Catalog.findModel}'s answers, by provider then model as asked (`null`: not found).
   * Every request looks up its model, most of them the same few: a remembered answer saves the
   * lower-casing and two key strings built per look-up. Forgotten whenever a model or a provider
   * is registered.
   */
  readonly #lookups = new Map<string, Map<string, ModelMatch | null>>();
  #lookupCount = 0;
  #revision = 0;

  /**
   * @param init - Entries to start with; `base` copies another catalog first (its entries can then be overridden).
   */
  constructor(init: CatalogInit & { readonly base?: Catalog } = {}) {
    if (init.base !== undefined) {
      for (const provider of init.base.providers()) this.registerProvider(provider);
      for (const zone of init.base.zones()) this.registerZone(zone);
      for (const hardware of init.base.hardwareProfiles()) this.registerHardware(hardware);
      for (const model of init.base.models()) this.registerModel(model);
    }
    for (const provider of init.providers ?? []) this.registerProvider(provider);
    for (const zone of init.zones ?? []) this.registerZone(zone);
    for (const hardware of init.hardware ?? []) this.registerHardware(hardware);
    for (const model of init.models ?? []) this.registerModel(model);
  }

  /**
   * Adds a model, or replaces the entry with the same provider and id.
   *
   * @param entry - The model; parameter counts in billions, with sources.
   * @returns This catalog.
   * @throws {InvalidRequestError} when the entry is malformed (e.g. `min > max`, no source).
   */
  registerModel(entry: ModelEntry): this {
    validateModelEntry(entry);
    this.#changed();
    const provider = this.canonicalProvider(entry.provider);
    const key = provider + SEPARATOR + entry.id;
    const previous = this.#entries.get(key);
    if (previous !== undefined) this.#unindexModel(provider, previous);
    this.#entries.set(key, entry);
    this.#index(provider, entry.id, { entry, match: 'exact' });
    for (const alias of entry.aliases ?? []) this.#index(provider, alias, { entry, match: 'alias' });
    return this;
  }

  /**
   * Adds an electricity zone, or replaces the zone with the same code.
   *
   * @param zone - The zone and its factors per kWh, with sources.
   * @returns This catalog.
   */
  registerZone(zone: ZoneEntry): this {
    validateZoneEntry(zone);
    this.#changed();
    this.#zones.set(zone.code.toUpperCase(), zone);
    return this;
  }

  /**
   * Adds a provider or an OpenAI-compatible host, or replaces the one with the same id.
   *
   * @param profile - Its datacenter defaults (zone, PUE, WUE, hardware).
   * @returns This catalog.
   */
  registerProvider(profile: ProviderProfile): this {
    validateProviderProfile(profile);
    this.#changed();
    this.#providers.set(profile.id, profile);
    this.#providerNames.set(profile.id.toLowerCase(), profile.id);
    for (const alias of profile.aliases ?? []) this.#providerNames.set(alias.toLowerCase(), profile.id);
    return this;
  }

  /**
   * Adds a hardware profile, or replaces the one with the same id.
   *
   * @param profile - The accelerator and its server, with sources.
   * @returns This catalog.
   */
  registerHardware(profile: HardwareProfile): this {
    this.#changed();
    this.#hardware.set(profile.id.toLowerCase(), profile);
    return this;
  }

  /**
   * Maps a provider name to its canonical id (`mistralai` → `mistral`); unknown names are returned
   * lower-cased.
   */
  canonicalProvider(name: string): string {
    return this.#providerNames.get(name.toLowerCase()) ?? name.toLowerCase();
  }

  /**
   * Finds a model: first at the given provider (by id, then alias, then ignoring case), then at any
   * provider (an open model served by a host, e.g. a Llama at Groq).
   *
   * @param provider - Provider id or alias.
   * @param model - Model id as the caller named it.
   * @returns The entry and how it matched, or `undefined`.
   */
  findModel(provider: string, model: string): ModelMatch | undefined {
    let byModel = this.#lookups.get(provider);
    const remembered = byModel?.get(model);
    if (remembered !== undefined) return remembered ?? undefined;
    const found = this.#lookUpModel(provider, model);
    if (typeof provider === 'string' && typeof model === 'string' && provider.length <= LONGEST_REMEMBERED_NAME && model.length <= LONGEST_REMEMBERED_NAME) {
      if (this.#lookupCount >= MOST_REMEMBERED_LOOKUPS) {
        this.#forgetLookups();
        byModel = undefined;
      }
      if (byModel === undefined) {
        byModel = new Map();
        this.#lookups.set(provider, byModel);
      }
      byModel.set(model, found ?? null);
      this.#lookupCount += 1;
    }
    return found;
  }

  #lookUpModel(provider: string, model: string): ModelMatch | undefined {
    const canonical = this.canonicalProvider(provider);
    const direct = this.#models.get(canonical + SEPARATOR + model)
      ?? this.#models.get(canonical + SEPARATOR + model.toLowerCase());
    if (direct !== undefined) return direct;
    const elsewhere = this.#modelsById.get(model.toLowerCase());
    return elsewhere === undefined ? undefined : { entry: elsewhere, match: 'cross-provider' };
  }

  /** Finds a zone by code, ignoring case. */
  findZone(code: string): ZoneEntry | undefined {
    return this.#zones.get(code.toUpperCase());
  }

  /** Finds a provider profile by id or alias, ignoring case. */
  findProvider(name: string): ProviderProfile | undefined {
    return this.#providers.get(this.canonicalProvider(name));
  }

  /** Finds a hardware profile by id, ignoring case. */
  findHardware(id: string): HardwareProfile | undefined {
    return this.#hardware.get(id.toLowerCase());
  }

  /** Every model entry (aliases are listed inside their entry). */
  models(): ModelEntry[] {
    return [...this.#entries.values()];
  }

  zones(): ZoneEntry[] {
    return [...this.#zones.values()];
  }

  providers(): ProviderProfile[] {
    return [...this.#providers.values()];
  }

  hardwareProfiles(): HardwareProfile[] {
    return [...this.#hardware.values()];
  }

  /**
   * Changes each time an entry is registered: whoever keeps what it derived from the catalog
   * (`estimate()` keeps each model's constants) compares it to know when to derive again.
   */
  get revision(): number {
    return this.#revision;
  }

  #changed(): void {
    // Requests that ended before the change are resolved against the catalog as it was.
    beforeCatalogChange();
    this.#revision += 1;
    this.#forgetLookups();
  }

  #forgetLookups(): void {
    this.#lookups.clear();
    this.#lookupCount = 0;
  }

  #index(provider: string, id: string, match: ModelMatch): void {
    this.#models.set(provider + SEPARATOR + id, match);
    const lower = id.toLowerCase();
    if (lower !== id) this.#models.set(provider + SEPARATOR + lower, match);
    // The first provider to list an id keeps it for cross-provider look-ups.
    if (!this.#modelsById.has(lower)) this.#modelsById.set(lower, match.entry);
  }

  #unindexModel(provider: string, entry: ModelEntry): void {
    for (const id of [entry.id, ...(entry.aliases ?? [])]) {
      this.#models.delete(provider + SEPARATOR + id);
      this.#models.delete(provider + SEPARATOR + id.toLowerCase());
      if (this.#modelsById.get(id.toLowerCase()) === entry) this.#modelsById.delete(id.toLowerCase());
    }
  }
}

/** The project's own data: every model, zone, provider and hardware profile WattLens ships. */
export const defaultCatalog: Catalog = new Catalog({
  providers: PROVIDER_PROFILES,
  zones: ZONES,
  hardware: HARDWARE_PROFILES,
  models: MODEL_CATALOG,
});

/**
 * Adds or overrides a model in the default catalog.
 *
 * @param entry - The model, with its sources.
 * @example
 * ```ts
 * registerModel({ provider: 'ollama', id: 'my-model', architecture: 'dense',
 *   totalParameters: { value: 3, min: 3, max: 3 }, activeParameters: { value: 3, min: 3, max: 3 },
 *   openWeights: true, sources: [{ title: 'Modelfile', date: '2026-11-28' }], checked: '2026-11-28' });
 * ```
 */
export function registerModel(entry: ModelEntry): void {
  defaultCatalog.registerModel(entry);
}

/**
 * Adds or overrides an electricity zone in the default catalog.
 *
 * @param zone - The zone's factors per kWh, with sources.
 * @example
 * ```ts
 * registerZone({ ...defaultCatalog.findZone('FRA')!, code: 'FRA', gwp: 0.03 });
 * ```
 */
export function registerZone(zone: ZoneEntry): void {
  defaultCatalog.registerZone(zone);
}

/**
 * Adds or overrides a provider (or OpenAI-compatible host) in the default catalog.
 *
 * @param profile - Its datacenter defaults, with sources.
 * @example
 * ```ts
 * registerProvider({ ...defaultCatalog.findProvider('vllm')!, id: 'my-cluster', zone: 'FRA' });
 * ```
 */
export function registerProvider(profile: ProviderProfile): void {
  defaultCatalog.registerProvider(profile);
}

