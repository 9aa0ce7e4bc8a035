import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal S3-compatible server for tests, path-style (`/bucket/key`), holding objects in memory.
 * No well-kept in-process S3 server is on npm (s3rver's last release depends on koa 2, busboy 0.3
 * and fast-xml-parser 3), so this implements the five operations the app may use, with S3's real
 * shapes, and is strict where S3 is: every request must carry a valid AWS Signature V4 for the
 * given credentials (403 SignatureDoesNotMatch otherwise), a PUT needs a Content-Length (411
 * MissingContentLength: a stream of unknown length is refused, as by S3) and a signed payload
 * hash must match the body; errors are S3's XML bodies (NoSuchKey, NoSuchBucket), HEAD errors
 * have no body, DELETE of a missing key is 204.
 */
export interface FakeS3 {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  objects: Map<string, { body: Buffer; contentType: string; modified: Date }>;
  /** `METHOD status` of each request, in order. */
  requests: string[];
  close(): Promise<void>;
}

const xmlEscape = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function startFakeS3(
  options: { bucket?: string; region?: string; accessKeyId?: string; secretAccessKey?: string } = {},
): Promise<FakeS3> {
  const bucket = options.bucket ?? 'coordnet-test';
  const region = options.region ?? 'us-east-1';
  const credentials = {
    accessKeyId: options.accessKeyId ?? 'FAKEACCESSKEY',
    secretAccessKey: options.secretAccessKey ?? 'fake-secret-access-key-0123456789',
  };
  const objects: FakeS3['objects'] = new Map();
  const requests: string[] = [];

  function send(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}) {
    res.writeHead(status, { 'x-amz-request-id': 'fake', ...headers });
    res.end(body);
  }
  function error(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) {
    if (req.method === 'HEAD') return send(res, status);
    send(
      res,
      status,
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>fake</RequestId></Error>`,
      { 'content-type': 'application/xml' },
    );
  }

  /** null when the request is signed correctly, else why not. */
  function signatureProblem(req: IncomingMessage, url: URL, body: Buffer): string | null {
    const auth = req.headers.authorization ?? '';
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!match) return 'missing or malformed Authorization';
    const [, accessKey, day, signedRegion, signedHeaders, signature] = match;
    if (accessKey !== credentials.accessKeyId) return 'unknown access key';
    if (signedRegion !== region) return 'wrong region';
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (!amzDate.startsWith(day!)) return 'x-amz-date does not match the credential scope';
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (!payloadHash) return 'missing x-amz-content-sha256';
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'payload hash mismatch';
    const names = signedHeaders!.split(';');
    if (!names.includes('host')) return 'host not signed';
    const canonicalHeaders = names
      .map((name) => {
        const value = req.headers[name];
        return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
      })
      .join('');
    const query = [...url.searchParams]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const canonical = [req.method, url.pathname, query, canonicalHeaders, signedHeaders, payloadHash].join(
      '\n',
    );
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, day!);
    for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
    const expected = createHmac('sha256', key).update(toSign).digest('hex');
    return expected === signature ? null : 'signature does not match';
  }

  function list(res: ServerResponse, url: URL) {
    const prefix = url.searchParams.get('prefix') ?? '';
    const max = Math.min(1000, Number(url.searchParams.get('max-keys') ?? 1000));
    const after = url.searchParams.get('continuation-token') ?? url.searchParams.get('start-after') ?? '';
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const page = keys.slice(0, max);
    const truncated = keys.length > page.length;
    const contents = page
      .map((key) => {
        const o = objects.get(key)!;
        return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${o.modified.toISOString()}</LastModified><ETag>&quot;${createHash('md5').update(o.body).digest('hex')}&quot;</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    send(
      res,
      200,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${xmlEscape(page.at(-1)!)}</NextContinuationToken>` : ''}</ListBucketResult>`,
      { 'content-type': 'application/xml' },
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake-s3');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const problem = signatureProblem(req, url, body);
    if (problem) return error(req, res, 403, 'SignatureDoesNotMatch', problem);
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    if (bucketName !== bucket)
      return error(req, res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    const key = decodeURIComponent(rest.join('/'));
    if (!key) {
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') return list(res, url);
      return error(req, res, 400, 'InvalidRequest', 'only ListObjectsV2 on the bucket');
    }
    const stored = objects.get(key);
    const objectHeaders = (o: NonNullable<typeof stored>) => ({
      'content-type': o.contentType,
      'content-length': String(o.body.length),
      etag: `"${createHash('md5').update(o.body).digest('hex')}"`,
      'last-modified': o.modified.toUTCString(),
    });
    switch (req.method) {
      case 'PUT': {
        if (req.headers['content-length'] === undefined)
          return error(
            req,
            res,
            411,
            'MissingContentLength',
            'You must provide the Content-Length HTTP header.',
          );
        if (req.headers['content-encoding']?.includes('aws-chunked'))
          return error(req, res, 501, 'NotImplemented', 'aws-chunked bodies are not implemented');
        const object = {
          body,
          contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
          modified: new Date(),
        };
        objects.set(key, object);
        return send(res, 200, '', { etag: objectHeaders(object).etag });
      }
      case 'GET':
        if (!stored) return error(req, res, 404, 'NoSuchKey', 'The specified key does not exist.');
        res.writeHead(200, objectHeaders(stored));
        return res.end(stored.body);
      case 'HEAD':
        if (!stored) return send(res, 404);
        res.writeHead(200, objectHeaders(stored));
        return res.end();
      case 'DELETE':
        objects.delete(key);
        return send(res, 204);
      default:
        return error(req, res, 405, 'MethodNotAllowed', 'The specified method is not allowed');
    }
  }

  const server = createServer((req, res) => {
    res.on('finish', () => requests.push(`${req.method} ${res.statusCode}`));
    handle(req, res).catch((err: unknown) => error(req, res, 500, 'InternalError', String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region,
    credentials,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
