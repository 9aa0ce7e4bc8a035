import { z } from 'zod';

/** Only the app's own pages are signed; the fragment is dropped before signing. */
export const jsapiConfigQuerySchema = z.strictObject({
  url: z.url({ message: '页面地址无效' }).max(2048, '页面地址过长'),
  /**
   * Set once after DingTalk refused dd.config (a ticket invalidated early): the server fetches a new
   * ticket unless it got one less than a minute ago.
   */
  refresh: z
    .enum(['1', 'true'])
    .transform(() => true)
    .optional(),
});

/** What dd.config needs, apart from the jsApiList the page chooses (DINGTALK.md §5). */
export const jsapiConfigSchema = z.object({
  agentId: z.string(),
  corpId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  signature: z.string(),
});
export type JsapiConfig = z.infer<typeof jsapiConfigSchema>;
