import { defineConfig, type Options } from 'tsup';

/**
 * The build every published package shares: ESM and CommonJS with type declarations and source
 * maps, for Node 20+ and current browsers. A package passes its entries and anything it adds.
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    ...overrides,
  });
}
