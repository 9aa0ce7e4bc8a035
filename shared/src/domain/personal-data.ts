const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

export function isMainlandMobile(s: string): boolean {
  return MAINLAND_MOBILE.test(s);
}

export function maskMobile(s: string): string {
  if (/^\d{11}$/.test(s)) return `${s.slice(0, 3)}****${s.slice(7)}`;
  if (s.length >= 8) return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
  return '*'.repeat(s.length);
}
