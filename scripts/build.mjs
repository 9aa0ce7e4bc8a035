// `npm run build`: builds the mini-app, then the server, and records what it built from.
// `npm start` runs it with --if-changed: when nothing changed since the last build, it builds nothing.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { STAMP, inputsHash, staleReason, writeStamp } from './build-inputs.mjs';

const root = path.resolve(import.meta.dirname, '..');
const hash = inputsHash(root);
if (process.argv.includes('--if-changed')) {
  const reason = staleReason(root, hash);
  if (!reason) {
    console.log('Build is current (no source, lockfile or build configuration changed); not rebuilding.');
    process.exit(0);
  }
  console.log(`Building: ${reason}.`);
}

// No record while building: a build that fails half-way must not pass for the one before it.
rmSync(path.join(root, STAMP), { force: true });
// npm runs this script with npm_execpath set to its own CLI; run the workspaces' builds with the same npm.
const [command, ...prefix] = process.env.npm_execpath
  ? [process.execPath, process.env.npm_execpath]
  : [process.platform === 'win32' ? 'npm.cmd' : 'npm'];
for (const workspace of ['miniapp', 'server']) {
  const result = spawnSync(command, [...prefix, 'run', 'build', '--workspace', workspace], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// The hash taken before building: a file edited during the build makes the next start build again.
writeStamp(root, hash);
