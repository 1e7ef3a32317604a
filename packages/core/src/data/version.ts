/** Version of the data shipped with this release: catalog, zones, providers, hardware. */
export const DATA_VERSION = '2026.11.0';
