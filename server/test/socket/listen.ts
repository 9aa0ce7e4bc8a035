import type { AddressInfo } from 'node:net';
import type { Response } from 'superagent';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * The socket tier: the same app the API tests build, listening on a real port on 127.0.0.1, so
 * supertest drives it through Node's HTTP stack (encodings, streaming, connections) as a phone
 * or a proxy would, where `inject` would short-circuit it.
 */
export interface ListeningApp extends TestApp {
  url: string;
  bearer(name: string): Promise<string>;
}

export async function listenTestApp(
  options: Parameters<typeof createTestApp>[0] = {},
): Promise<ListeningApp> {
  const t = await createTestApp(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return {
    ...t,
    url: `http://127.0.0.1:${port}`,
    bearer: async (name) => `Bearer ${await t.tokenFor(name)}`,
  };
}

/** superagent's parser for a body kept as raw bytes (an .xlsx or a photo downloaded). */
export function binary(res: Response, done: (err: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
  stream.on('error', (err: Error) => done(err, Buffer.alloc(0)));
}
