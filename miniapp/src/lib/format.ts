import { shanghaiParts } from '@coordnet/shared/domain/period';

const pad2 = (n: number) => String(n).padStart(2, '0');
const OFFSET_MS = 8 * 3600_000;

/** 3月2日 10:05 (with the year when not this year), in China Standard Time whatever the phone says. */
export function formatDateTime(iso: string | number, now = Date.now()): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const p = shanghaiParts(instant);
  const year = p.year === shanghaiParts(new Date(now)).year ? '' : `${p.year}年`;
  return `${year}${p.month}月${p.day}日 ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** 12-03 10:21, in China Standard Time: a short stamp inside a line of text. */
export function formatShortDateTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const p = shanghaiParts(instant);
  return `${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** The value of a datetime-local input showing this instant in Shanghai time. */
export function toLocalInput(instant: number): string {
  const p = shanghaiParts(new Date(instant));
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** The instant a datetime-local value means, read as Shanghai time; null when incomplete. */
export function fromLocalInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi) - OFFSET_MS);
}

export function formatDistance(meters: number): string {
  return meters >= 1000 ? `${(meters / 1000).toFixed(1)} 公里` : `${Math.round(meters)} 米`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
