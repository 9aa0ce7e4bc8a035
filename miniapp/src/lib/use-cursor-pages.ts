import { useMemo } from 'react';
import { useInfiniteQuery, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { useOnline } from './online';

/** A cursor: an opaque string for most lists, the last id seen for some (e.g. 操作日志). */
export type Cursor = string | number;

/** A page of a cursor-paged API list (`?cursor=` from the previous page's `nextCursor`). */
export interface CursorPage<T, C extends Cursor = string> {
  items: T[];
  nextCursor: C | null;
}

export interface CursorPagesOptions<P extends CursorPage<unknown, C>, C extends Cursor> {
  queryKey: QueryKey;
  /** A list paged by number says so on its `cursor` parameter: `(cursor: number | undefined, signal)`. */
  fetchPage: (cursor: C | undefined, signal: AbortSignal) => Promise<P>;
  enabled?: boolean;
  /** Poll the loaded pages again every so many ms while this says so (false: don't). */
  refetchInterval?: (pages: P[]) => number | false;
}

/** How a cursor-paged query pages; shared with the offline prefetch so it fills the same cache entry. */
export function cursorPaging<C extends Cursor = string>() {
  return {
    initialPageParam: undefined as C | undefined,
    getNextPageParam: (last: CursorPage<unknown, C>) => last.nextCursor ?? undefined,
  };
}

/**
 * Every cursor-paged list: its pages as one array of items (undefined until the first page is
 * there), more on scroll, and no endless 加载中 at the bottom offline (more needs a signal). The
 * first page (`first`) carries whatever else the list answers with (e.g. a total).
 */
export function useCursorPages<P extends CursorPage<unknown, C>, C extends Cursor = string>({
  queryKey,
  fetchPage,
  enabled,
  refetchInterval,
}: CursorPagesOptions<P, C>) {
  const online = useOnline();
  const query = useInfiniteQuery<P, Error, InfiniteData<P, C | undefined>, QueryKey, C | undefined>({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam as C | undefined, signal),
    ...cursorPaging<C>(),
    enabled,
    refetchInterval: (q) => (refetchInterval && q.state.data ? refetchInterval(q.state.data.pages) : false),
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
