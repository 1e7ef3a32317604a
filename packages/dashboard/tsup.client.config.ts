import { defineConfig, type Options } from 'tsup';

/**
 * The dashboard page's script and style sheet: one browser bundle with the formatters of
 * @wattlens/core inlined (no CDN, no request beyond the dashboard itself), built into
 * dist/client/app.js and app.css after the library (`pnpm build` runs both configs).
 */
export const clientBuild: Options = {
  entry: { app: 'src/client/main.ts' },
  outDir: 'dist/client',
  format: ['iife'],
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  dts: false,
  clean: false,
  splitting: false,
  // Bundle everything, @wattlens/core included, from its sources.
  noExternal: [/.*/],
  outExtension: () => ({ js: '.js' }),
  esbuildOptions(options) {
    options.conditions = ['wattlens-source', 'browser', 'import', 'default'];
  },
};

export default defineConfig(clientBuild);
