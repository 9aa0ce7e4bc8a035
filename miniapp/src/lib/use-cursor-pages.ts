import { useMemo } from 'react';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useOnline } from './online';

/** A page of a cursor-paged API list (`?cursor=` from the previous page's `nextCursor`). */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPagesOptions<P extends CursorPage<unknown>> {
  queryKey: QueryKey;
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<P>;
  enabled?: boolean;
}

/**
 * Every cursor-paged list: its pages as one array of items (undefined until the first page is
 * there), more on scroll, and no endless 加载中 at the bottom offline (more needs a signal). The
 * first page (`first`) carries whatever else the list answers with (e.g. a total).
 */
export function useCursorPages<P extends CursorPage<unknown>>({
  queryKey,
  fetchPage,
  enabled,
}: CursorPagesOptions<P>) {
  const online = useOnline();
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = useMemo(
    () => query.data?.pages.flatMap((page) => page.items as P['items'][number][]),
    [query.data],
  );
  const loadMore = async () => {
    const result = await query.fetchNextPage();
    if (result.isFetchNextPageError) throw result.error;
  };
  return {
    query,
    items,
    first: query.data?.pages[0],
    /** Cached items stay on screen when a refresh fails; the error shows only without them. */
    error: items ? null : query.error,
    hasMore: online && query.hasNextPage,
    loadMore,
    updatedAt: query.dataUpdatedAt,
  };
}
