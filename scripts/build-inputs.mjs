// What a build is made from, and whether the last build is still current: `npm start` builds only
// when one of these changed since the last build (or an output is missing), so a second start starts.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Folders whose every file goes into the build (sources, the migrations the PGlite template runs). */
export const INPUT_DIRS = [
  'shared/src',
  'server/src',
  'miniapp/src',
  'miniapp/public',
  'miniapp/scripts',
  'migrations',
];

/** Single files: the lockfile, the manifests and the build configuration, this script included. */
export const INPUT_FILES = [
  'package-lock.json',
  'package.json',
  'tsconfig.base.json',
  'shared/package.json',
  'shared/tsconfig.json',
  'server/package.json',
  'server/tsconfig.json',
  'server/build.mjs',
  'miniapp/package.json',
  'miniapp/tsconfig.json',
  'miniapp/vite.config.ts',
  'miniapp/index.html',
  'scripts/build.mjs',
  'scripts/build-inputs.mjs',
];

/** What a build leaves behind; any one missing means the build must run. */
export const OUTPUTS = ['server/dist/server.js', 'server/dist/pglite-template', 'miniapp/dist/index.html'];

/** The stamp a finished build writes: the inputs' hash as they were when it began. */
export const STAMP = 'server/dist/build-inputs.json';

/** @param {string} root @param {string} dir */
function filesUnder(root, dir) {
  const absolute = path.join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/**
 * SHA-256 over every input's path and content, in a fixed order; a missing file counts too.
 * @param {string} root
 */
export function inputsHash(root) {
  const files = [...INPUT_DIRS.flatMap((dir) => filesUnder(root, dir)), ...INPUT_FILES].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const absolute = path.join(root, file);
    hash.update(`${file}\0`);
    hash.update(existsSync(absolute) ? readFileSync(absolute) : '\0missing');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Why the last build cannot be reused, or null when it can.
 * @param {string} root
 * @param {string} [hash]
 * @returns {string | null}
 */
export function staleReason(root, hash = inputsHash(root)) {
  const missing = OUTPUTS.find((output) => !existsSync(path.join(root, output)));
  if (missing) return `${missing} is missing`;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(root, STAMP), 'utf8'));
  } catch {
    return 'no record of the last build';
  }
  return stamp.hash === hash ? null : 'sources, lockfile or build configuration changed since the last build';
}

/** @param {string} root @param {string} hash */
export function writeStamp(root, hash, builtAt = new Date()) {
  writeFileSync(path.join(root, STAMP), `${JSON.stringify({ hash, builtAt: builtAt.toISOString() })}\n`);
}
