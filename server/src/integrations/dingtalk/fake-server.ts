import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../lib/clock';

/**
 * A DingTalk stand-in that speaks the real shapes (DINGTALK.md), for tests and the offline demo.
 * It enforces what the real platform enforces, so a green test means the client would work.
 */
export interface FakeDingTalk {
  url: string;
  appKey: string;
  appSecret: string;
  /** Issues a single-use, 5-minute auth code for a DingTalk userid, as the JSAPI would. */
  issueAuthCode(userId: string, name?: string): string;
  /** How many times an access token was handed out (to prove the client caches it). */
  tokenFetches(): number;
  close(): Promise<void>;
}

const AUTH_CODE_LIFE_MS = 5 * 60_000;
const TOKEN_LIFE_S = 7200;

export async function startFakeDingTalk(options: { clock: Clock; port?: number }): Promise<FakeDingTalk> {
  const { clock } = options;
  const appKey = 'dingfakeappkey';
  const appSecret = randomBytes(16).toString('hex');
  const tokens = new Map<string, number>();
  const authCodes = new Map<string, { userId: string; name: string; until: number }>();
  let tokenCount = 0;

  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const validToken = (url: URL) => {
    const until = tokens.get(url.searchParams.get('access_token') ?? '');
    return until !== undefined && until > clock.now().getTime();
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/gettoken') {
      if (url.searchParams.get('appkey') !== appKey || url.searchParams.get('appsecret') !== appSecret) {
        return json(res, { errcode: 40089, errmsg: '不合法的corpid或corpsecret' });
      }
      tokenCount++;
      const token = randomBytes(16).toString('hex');
      tokens.set(token, clock.now().getTime() + TOKEN_LIFE_S * 1000);
      return json(res, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: TOKEN_LIFE_S });
    }
    if (req.method === 'POST' && url.pathname === '/topapi/v2/user/getuserinfo') {
      if (!validToken(url)) return json(res, { errcode: 40014, errmsg: '不合法的access_token' });
      const { code } = await readBody(req);
      const entry = typeof code === 'string' ? authCodes.get(code) : undefined;
      if (!entry || entry.until < clock.now().getTime())
        return json(res, { errcode: 40078, errmsg: '不存在的临时授权码' });
      authCodes.delete(code as string);
      return json(res, {
        errcode: 0,
        errmsg: 'ok',
        result: {
          userid: entry.userId,
          unionid: `union-${entry.userId}`,
          name: entry.name,
          device_id: 'fake',
          sys: false,
          sys_level: 0,
        },
      });
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    appKey,
    appSecret,
    issueAuthCode(userId, name = '') {
      const code = randomBytes(12).toString('hex');
      authCodes.set(code, { userId, name, until: clock.now().getTime() + AUTH_CODE_LIFE_MS });
      return code;
    },
    tokenFetches: () => tokenCount,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
