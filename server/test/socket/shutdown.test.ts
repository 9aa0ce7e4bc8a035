import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES } from '../helpers/duty-fixtures';

/**
 * Graceful shutdown of the real server process (src/server.ts, as `npm start` runs it but from
 * source): SIGTERM while requests are in flight. It stops taking connections at once, finishes
 * what it has started, closes the database after the last answer and exits 0.
 */
let child: ChildProcess;
let url: string;
let dir: string;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'coordnet-socket-shutdown-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    STATIC_DIR: path.join(dir, 'no-app'),
    REMINDER_JOBS: '0',
    DINGTALK_FAKE: '0',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /App:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}, 180_000);
afterAll(() => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A photo upload whose body the client sends in two halves: in flight until `finish` is called. */
function slowUpload(token: string) {
  const photo = Buffer.concat([IMAGES.jpeg, Buffer.alloc(2 * 1024 * 1024, 9)]);
  const boundary = `----coordnet${randomUUID().replace(/-/g, '')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const req = httpRequest(`${url}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      authorization: token,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': body.length,
    },
  });
  const answer = new Promise<{ status: number; body: { sizeBytes?: number } }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.subarray(0, half));
  return { size: photo.length, answer, finish: () => req.end(body.subarray(half)) };
}

async function refusesNewConnections(timeoutMs: number) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const refused = await fetch(`${url}/readyz`).then(
      () => false,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
    );
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('SIGTERM with requests in flight', () => {
  it('drops none: the half-sent upload and the reads already taken are answered, new connections are refused, exit 0', async () => {
    while (
      !(await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      await new Promise((r) => setTimeout(r, 50));
    const users = (await request(url).get('/api/v1/auth/dev-users')).body.items as {
      id: string;
      name: string;
    }[];
    const county = users.find((u) => u.name === '王海峰')!;
    const login = await request(url).post('/api/v1/auth/dev-login').send({ userId: county.id });
    expect(login.status).toBe(200);
    const token = `Bearer ${login.body.token}`;

    const upload = slowUpload(token);
    // Reads in flight at the signal: a ledger streamed out and a few API pages.
    const reads = [
      request(url).get('/api/v1/exports/enterprises.xlsx').set('authorization', token),
      ...Array.from({ length: 8 }, () =>
        request(url).get('/api/v1/enterprises?limit=50').set('authorization', token),
      ),
    ].map((r) => r.then((res) => res.status));
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');

    expect(await refusesNewConnections(20_000), output).toBe(true);
    upload.finish();
    const answered = await upload.answer;
    // 201 only once the whole multipart body was read (a cut one is a 413); the photo is then
    // stored re-encoded, so its stored size is not the upload's.
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    expect(answered.body.sizeBytes).toBeGreaterThan(0);
    expect(await Promise.all(reads)).toEqual(Array(9).fill(200));
    expect(await exited, output).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 120_000);
});
