import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { shanghaiParts } from '@coordnet/shared/domain/period';

/** Small Chinese formatting helpers for reminder texts (all in China Standard Time). */

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 9月20日 */
export function formatDayCn(instant: Date): string {
  const { month, day } = shanghaiParts(instant);
  return `${month}月${day}日`;
}

/** 9月20日 09:00 */
export function formatDateTimeCn(instant: Date): string {
  const { month, day, hour, minute } = shanghaiParts(instant);
  return `${month}月${day}日 ${pad2(hour)}:${pad2(minute)}`;
}

/** 81.8% (one decimal), or — when there is nothing to count. */
export function formatRate(done: number, total: number): string {
  if (total <= 0) return '—';
  return `${(Math.floor((done / total) * 1000 + 0.5) / 10).toFixed(1)}%`;
}

/** Mobiles in a message shown in the app are masked (个人信息保护法); DingTalk got them whole. */
export function maskMobilesIn(text: string): string {
  return text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskMobile(m));
}

const FULL_WIDTH: Record<string, string> = {
  '*': '＊',
  _: '＿',
  '`': '｀',
  '#': '＃',
  '[': '［',
  ']': '］',
  '>': '＞',
  '|': '｜',
};

/** Names go into markdown lines as they look: line breaks and markdown characters become harmless. */
export function plain(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[*_`#[\]>|]/g, (c) => FULL_WIDTH[c] ?? c);
}
