import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A server on the embedded database notes its pid and port in DATA_DIR/server.json while it runs:
 * PGlite's data folder belongs to one process, so `npm run backup` must ask that process, and
 * `npm run restore` must not write under it.
 */
const fileIn = (dataDir: string) => path.join(dataDir, 'server.json');

export function recordRunningServer(dataDir: string, port: number): void {
  writeFileSync(fileIn(dataDir), JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
}

export function forgetRunningServer(dataDir: string): void {
  rmSync(fileIn(dataDir), { force: true });
}

/** The server running on `dataDir`, if its process is alive. */
export function runningServer(dataDir: string): { pid: number; port: number } | null {
  let noted: { pid: number; port: number };
  try {
    noted = JSON.parse(readFileSync(fileIn(dataDir), 'utf8')) as { pid: number; port: number };
  } catch {
    return null;
  }
  try {
    process.kill(noted.pid, 0);
    return noted;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? noted : null;
  }
}
