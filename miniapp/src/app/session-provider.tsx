import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { meSchema, type Session } from '@coordnet/shared/api/auth';
import { apiGet, errorMessage, setReauthHandler } from '../lib/api';
import { isInDingTalk } from '../lib/dingtalk';
import { clearSession, isSessionExpired, loadSession, saveSession } from '../lib/session-store';
import { SignInProgressPage } from '../features/auth/sign-in-progress-page';
import { DEV_USERS_KEY, fetchDevUsers, signInAutomatically } from '../features/auth/sign-in';
import { SessionContext, type SessionContextValue } from './session-context';

// Only the progress page is needed on the usual path (a stored or silent DingTalk session).
const DevSignInPage = lazy(async () => ({
  default: (await import('../features/auth/dev-sign-in-page')).DevSignInPage,
}));
const OpenInDingTalkPage = lazy(async () => ({
  default: (await import('../features/auth/open-in-dingtalk-page')).OpenInDingTalkPage,
}));
const SignInFailedPage = lazy(async () => ({
  default: (await import('../features/auth/sign-in-failed-page')).SignInFailedPage,
}));
const SignedOutPage = lazy(async () => ({
  default: (await import('../features/auth/signed-out-page')).SignedOutPage,
}));

type AuthState =
  | { status: 'starting' }
  | { status: 'signed-in'; session: Session }
  | { status: 'dev-sign-in' }
  | { status: 'open-in-dingtalk' }
  | { status: 'signed-out' }
  | { status: 'failed'; message: string };

function initialState(): AuthState {
  const stored = loadSession();
  return stored && !isSessionExpired(stored)
    ? { status: 'signed-in', session: stored }
    : { status: 'starting' };
}

/**
 * Owns the session: restores it from storage, signs in (silently inside DingTalk, by the demo page
 * outside), renews it when the API answers 401, and renders its children only while signed in.
 */
export function SessionProvider({
  children,
  onSignedOut,
}: {
  children: ReactNode;
  onSignedOut?: () => void;
}) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>(initialState);
  const userId = useRef(state.status === 'signed-in' ? state.session.user.id : null);
  const started = useRef(false);

  const acceptSession = useCallback(
    (session: Session) => {
      // Another person's cached data must never show up under this one's name.
      if (userId.current !== session.user.id) queryClient.clear();
      userId.current = session.user.id;
      saveSession(session);
      setState({ status: 'signed-in', session });
    },
    [queryClient],
  );

  /** Resolves to the new token when sign-in needed no interaction. */
  const signIn = useCallback(async (): Promise<string | null> => {
    try {
      const outcome = await signInAutomatically();
      if (outcome.kind === 'signed-in') {
        acceptSession(outcome.session);
        return outcome.session.token;
      }
      // The demo list is asked for while the page's code downloads, not after.
      if (outcome.kind === 'dev-sign-in')
        void queryClient.prefetchQuery({ queryKey: DEV_USERS_KEY, queryFn: fetchDevUsers });
      setState({ status: outcome.kind });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
    return null;
  }, [acceptSession, queryClient]);

  const restart = useCallback(() => {
    setState({ status: 'starting' });
    void signIn();
  }, [signIn]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (state.status === 'starting') {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- signIn sets state only after awaiting the server
      void signIn();
      return;
    }
    // Restored from storage: refresh posts and scope, which may have changed since (a 401 renews the session).
    apiGet('/me', meSchema)
      .then((user) => {
        const current = loadSession();
        if (current && current.user.id === user.id) acceptSession({ ...current, user });
      })
      .catch(() => undefined);
  }, [state.status, signIn, acceptSession]);

  useEffect(() => {
    setReauthHandler(() => {
      clearSession();
      return signIn();
    });
    return () => setReauthHandler(null);
  }, [signIn]);

  const signOut = useCallback(() => {
    clearSession();
    userId.current = null;
    queryClient.clear();
    // The offline copy too (loaded on demand: the sign-in page does not carry IndexedDB code).
    void import('../lib/query-persist')
      .then(({ clearPersistedQueries }) => clearPersistedQueries())
      .catch(() => undefined);
    onSignedOut?.();
    // Inside DingTalk signing in again is silent, so stop on a page instead of bouncing straight back in.
    if (isInDingTalk()) setState({ status: 'signed-out' });
    else restart();
  }, [queryClient, restart, onSignedOut]);

  const session = state.status === 'signed-in' ? state.session : null;
  const value = useMemo<SessionContextValue | null>(
    () => (session ? { session, user: session.user, signOut } : null),
    [session, signOut],
  );

  if (state.status === 'signed-in') return <SessionContext value={value}>{children}</SessionContext>;
  return (
    <Suspense fallback={<SignInProgressPage />}>
      <SignInScreen state={state} onSignedIn={acceptSession} onRetry={restart} />
    </Suspense>
  );
}

function SignInScreen({
  state,
  onSignedIn,
  onRetry,
}: {
  state: Exclude<AuthState, { status: 'signed-in' }>;
  onSignedIn: (session: Session) => void;
  onRetry: () => void;
}) {
  switch (state.status) {
    case 'starting':
      return <SignInProgressPage />;
    case 'dev-sign-in':
      return <DevSignInPage onSignedIn={onSignedIn} />;
    case 'open-in-dingtalk':
      return <OpenInDingTalkPage />;
    case 'signed-out':
      return <SignedOutPage onSignIn={onRetry} />;
    case 'failed':
      return <SignInFailedPage message={state.message} onRetry={onRetry} />;
  }
}
