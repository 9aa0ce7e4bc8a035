import { randomBytes } from 'node:crypto';
import type { JsapiConfig } from '@coordnet/shared/api/dingtalk';
import { signJsapi, urlWithoutFragment } from '../../integrations/dingtalk/jsapi-sign';
import type { DingTalkClient } from '../../integrations/dingtalk/types';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { TicketRepository } from './repository';

const TICKET_KIND = 'dingtalk_jsapi';
/** A ticket is replaced this long before DingTalk's 7,200 s run out, so no page is signed with a dying one. */
export const TICKET_MARGIN_MS = 10 * 60_000;
/** A refresh asked for by a page is honoured only if the ticket is older than this (no hammering DingTalk). */
export const TICKET_REFRESH_MIN_AGE_MS = 60_000;

export interface JsapiServiceDeps {
  clock: Clock;
  dingtalk: DingTalkClient;
  tickets: TicketRepository;
  corpId: string | undefined;
  agentId: number | undefined;
}

const unavailable = (message?: string) => new AppError('dingtalk_unavailable', message);

/**
 * Signs dd.config for the app's own pages (DINGTALK.md §5). The JSAPI ticket lives in the database,
 * shared by every instance, and is fetched from DingTalk only when it is about to run out or when a
 * page reports that DingTalk refused it.
 */
export function createJsapiService({ clock, dingtalk, tickets, corpId, agentId }: JsapiServiceDeps) {
  let pending: Promise<string> | null = null;

  async function fetchTicket(): Promise<string> {
    let result = await dingtalk.fetchJsapiTicket();
    // An app token revoked early is dropped by the client; one more try fetches a fresh one.
    if (!result.ok && (result.errcode === 40014 || result.errcode === 42001))
      result = await dingtalk.fetchJsapiTicket();
    if (!result.ok) throw unavailable();
    const now = clock.now();
    const ticket = {
      value: result.value.ticket,
      expiresAt: new Date(now.getTime() + result.value.expiresInSeconds * 1000),
      fetchedAt: now,
    };
    await tickets.put(TICKET_KIND, ticket);
    return ticket.value;
  }

  async function currentTicket(refresh: boolean): Promise<string> {
    const stored = await tickets.get(TICKET_KIND);
    const now = clock.now().getTime();
    const fresh = stored && stored.expiresAt.getTime() - TICKET_MARGIN_MS > now;
    const justFetched = stored && now - stored.fetchedAt.getTime() < TICKET_REFRESH_MIN_AGE_MS;
    if (stored && fresh && (!refresh || justFetched)) return stored.value;
    // Concurrent requests of one instance share one fetch.
    pending ??= fetchTicket().finally(() => {
      pending = null;
    });
    return pending;
  }

  return {
    /**
     * `allowedOrigin` is the app's own origin (PUBLIC_URL, else the origin the request came to):
     * a signature for someone else's page would let that page use the JSAPI as this app.
     */
    async config(pageUrl: string, allowedOrigin: string, refresh = false): Promise<JsapiConfig> {
      if (new URL(pageUrl).origin !== new URL(allowedOrigin).origin)
        throw new AppError('jsapi_url_invalid', undefined, { allowedOrigin });
      if (!dingtalk.configured || !corpId || agentId === undefined)
        throw unavailable('服务器未配置钉钉应用，暂不能使用定位、拍照等钉钉功能');
      const ticket = await currentTicket(refresh);
      const nonceStr = randomBytes(8).toString('hex');
      const timeStamp = String(clock.now().getTime());
      const url = urlWithoutFragment(pageUrl);
      return {
        agentId: String(agentId),
        corpId,
        timeStamp,
        nonceStr,
        signature: signJsapi({ ticket, nonceStr, timeStamp, url }),
      };
    },
  };
}

export type JsapiService = ReturnType<typeof createJsapiService>;
