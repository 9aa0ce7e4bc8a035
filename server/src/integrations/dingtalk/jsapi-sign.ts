import { createHash } from 'node:crypto';

export interface JsapiSignInput {
  ticket: string;
  nonceStr: string;
  /** seconds or milliseconds, as the page passes it to dd.config; signed as written */
  timeStamp: string;
  /** the page's URL; its fragment (`#…`) is not signed */
  url: string;
}

/** The page URL DingTalk signs: everything but the fragment, which never reaches a server. */
export const urlWithoutFragment = (url: string): string => url.split('#', 1)[0]!;

/** dd.config's signature (DINGTALK.md §5): hex SHA-1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`. */
export function signJsapi({ ticket, nonceStr, timeStamp, url }: JsapiSignInput): string {
  const plain = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timeStamp}&url=${urlWithoutFragment(url)}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}
