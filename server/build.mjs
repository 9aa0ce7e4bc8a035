// Bundles the server into one ES module; npm packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  packages: 'external',
  // The shared workspace is TypeScript source, so it is bundled rather than loaded at run time.
  alias: { '@coordnet/shared': '../shared/src' },
  logLevel: 'warning',
});
