import { startTransition, useEffect, useState } from 'react';

/**
 * A long list's first `first` rows at once and the rest `step` rows at a time, each step a separate
 * transition after the browser has had a turn: a hundred rows in one go held a mid-range phone's
 * main thread for over half a second (Lighthouse's Total Blocking Time) before anyone could tap, and
 * even a transition commits its rows in one task.
 */
export function useProgressiveItems<T>(items: readonly T[] | undefined, first = 12, step = 20): readonly T[] {
  const [shown, setShown] = useState(first);
  const total = items?.length ?? 0;
  useEffect(() => {
    if (shown >= total) return;
    const timer = setTimeout(() => startTransition(() => setShown((n) => n + step)), 0);
    return () => clearTimeout(timer);
  }, [shown, total, step]);
  if (!items) return [];
  return shown >= items.length ? items : items.slice(0, shown);
}
