/** Instrumentation scope of the OpenTelemetry meter WattLens records into. */
export const INSTRUMENTATION_SCOPE_NAME = '@wattlens/opentelemetry';

/** This package's version (a test checks it against package.json). */
export const INSTRUMENTATION_SCOPE_VERSION = '0.1.0';
