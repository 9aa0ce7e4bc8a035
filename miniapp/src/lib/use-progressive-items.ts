import { startTransition, useEffect, useState } from 'react';

/**
 * A long list's first `first` rows at once and the rest in a transition, which React renders in
 * slices that yield to the phone: a hundred rows in one go held a mid-range phone's main thread for
 * over half a second (Lighthouse's Total Blocking Time) before anyone could tap.
 */
export function useProgressiveItems<T>(items: readonly T[] | undefined, first = 12): readonly T[] {
  const [all, setAll] = useState(false);
  const ready = items !== undefined;
  useEffect(() => {
    if (ready) startTransition(() => setAll(true));
  }, [ready]);
  if (!items) return [];
  return all ? items : items.slice(0, first);
}
