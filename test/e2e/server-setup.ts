import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { clockEnv } from '../clock';
import { SERVER_ARGS } from '../server-command';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Starts `node server/dist/server.js` (built by `npm run build`) on a free port and a fresh data folder. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-e2e-'));
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...clockEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await waitForUrl(child);
  project.provide('baseUrl', baseUrl);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  };
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    // A busy shared machine may need longer: E2E_START_TIMEOUT_MS.
    const timeout = Number(process.env.E2E_START_TIMEOUT_MS ?? 60_000);
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeout);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /App:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}
