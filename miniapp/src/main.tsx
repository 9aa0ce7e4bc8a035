import '@coordnet/shared/api/zod-locale';
import './app/antd-react19';
import './app/app.css';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/app';
import { registerServiceWorker } from './lib/service-worker';
import { installKeyboardAccess } from './lib/ui/keyboard-access';

// Zod compiles each object schema with new Function() on first use, which pays off only for schemas
// parsed many times; the app parses each response once, and the compiling was the longest task of
// the first signed-in screen (a mid-range phone, Lighthouse's mobile profile).
z.config({ jitless: true });

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
const root = createRoot(container);
// As a transition the first render yields to the browser every few milliseconds instead of holding
// the main thread for the whole tree (Total Blocking Time on a mid-range phone).
startTransition(() =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

registerServiceWorker();
// In a task of its own, not while the entry evaluates (the longest task of the first load): nothing
// needs a keyboard in the first few milliseconds.
setTimeout(() => installKeyboardAccess(), 0);
