import type { ReactNode } from 'react';
import { usePageTitle } from '../../lib/use-page-title';

const APP_NAME = '劳动关系协调员网络';

/** Full-screen frame for the pages shown before a session exists (outside the router). */
export function AuthScreen({ title, children }: { title?: string; children: ReactNode }) {
  usePageTitle(title ?? APP_NAME);
  return (
    <main className="auth-screen">
      <header className="auth-brand">
        <h1>{APP_NAME}</h1>
        {title && <p>{title}</p>}
      </header>
      {children}
    </main>
  );
}
