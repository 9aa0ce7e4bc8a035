import { createContext, useContext } from 'react';
import type { Me, Session } from '@coordnet/shared/api/auth';

export interface SessionContextValue {
  session: Session;
  user: Me;
  signOut: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() used outside a signed-in SessionProvider');
  return value;
}
