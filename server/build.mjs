// Bundles the server into one ES module; npm packages stay external and load from node_modules.
// Then writes the migrated PGlite template a first start on the embedded database begins from.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
  entryPoints: [
    'src/server.ts',
    'src/db/pglite-template-cli.ts',
    'src/db/backup-cli.ts',
    'src/db/restore-cli.ts',
  ],
  outdir: 'dist',
  entryNames: '[name]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22.12',
  sourcemap: true,
  packages: 'external',
  // The shared workspace is TypeScript source, so it is bundled rather than loaded at run time.
  alias: { '@coordnet/shared': '../shared/src' },
  logLevel: 'warning',
});
execFileSync(process.execPath, ['dist/pglite-template-cli.js', 'dist/pglite-template', '../migrations'], {
  stdio: 'inherit',
});
