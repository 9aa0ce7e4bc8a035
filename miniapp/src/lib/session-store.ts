import { sessionSchema, type Session } from '@coordnet/shared/api/auth';

const STORAGE_KEY = 'coordnet.session';
/** Treat a token as expired a minute early so a request never leaves with one about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

let cached: Session | null | undefined;

function readStorage(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  if (cached === undefined) cached = readStorage();
  return cached;
}

export function saveSession(session: Session): void {
  cached = session;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Storage can be unavailable (private mode); the session still lives in memory.
  }
}

export function clearSession(): void {
  cached = null;
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // See saveSession.
  }
}

export function currentToken(): string | null {
  return loadSession()?.token ?? null;
}

export function isSessionExpired(session: Session, now = Date.now()): boolean {
  const expiresAt = Date.parse(session.expiresAt);
  return !Number.isFinite(expiresAt) || expiresAt - EXPIRY_MARGIN_MS <= now;
}

/** Forget the in-memory copy so the next read goes to storage (tests start from a clean slate). */
export function resetSessionCache(): void {
  cached = undefined;
}
