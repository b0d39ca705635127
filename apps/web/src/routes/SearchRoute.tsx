import { skipToken, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { SearchKind } from '../api/outputs';
import { useTRPC } from '../api/trpc';
import { dayRange, SEARCH_KIND_ORDER, type SearchFilters } from '../lib/search-view';
import { SearchPage, type SearchResults } from '../pages/SearchPage';

const PAGE_SIZE = 20;

function isKind(value: string): value is SearchKind {
  return SEARCH_KIND_ORDER.some((kind) => kind === value);
}

/** The query and every filter live in the URL, so a search can be reloaded and linked to. */
function useSearchState() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const query = params.get('q');
  const filters: SearchFilters = {
    kinds: (params.get('kinds') ?? '').split(',').filter(isKind),
    projectId: params.get('project'),
    status: params.get('status'),
    agent: params.get('agent'),
    fromDay: params.get('from'),
    toDay: params.get('to'),
  };
  const write = useCallback(
    (next: { q: string | null } & SearchFilters) => {
      const out = new URLSearchParams();
      const set = (name: string, value: string | null) => {
        if (value !== null && value.length > 0) out.set(name, value);
      };
      set('q', next.q);
      set('kinds', next.kinds.join(','));
      set('project', next.projectId);
      set('status', next.status);
      set('agent', next.agent);
      set('from', next.fromDay);
      set('to', next.toDay);
      const text = out.toString();
      navigate(text.length > 0 ? `${location}?${text}` : location, { replace: true });
    },
    [location, navigate],
  );
  return { query, filters, write };
}

export function SearchRoute() {
  const trpc = useTRPC();
  const { query, filters, write } = useSearchState();
  const input =
    query === null
      ? skipToken
      : {
          q: query,
          limit: PAGE_SIZE,
          ...(filters.kinds.length > 0 ? { kinds: filters.kinds } : {}),
          ...(filters.projectId === null ? {} : { projectId: filters.projectId }),
          ...(filters.status === null ? {} : { status: filters.status }),
          ...(filters.agent === null ? {} : { agent: filters.agent }),
          ...dayRange(filters.fromDay, filters.toDay),
        };
  const pages = useInfiniteQuery(
    trpc.search.query.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );

  let results: SearchResults | null = null;
  if (query !== null) {
    results = {
      status: pages.status,
      error: pages.error?.message ?? null,
      hits: pages.data?.pages.flatMap((page) => page.items) ?? [],
      facets: pages.data?.pages[0]?.facets ?? null,
      hasMore: pages.hasNextPage,
      loadingMore: pages.isFetchingNextPage,
    };
  }

  return (
    <SearchPage
      key={query ?? ''}
      query={query ?? ''}
      filters={filters}
      onSearch={(q) => write({ q, ...filters })}
      onFiltersChange={(next) => write({ q: query, ...next })}
      results={results}
      onLoadMore={() => void pages.fetchNextPage()}
      onRetry={() => void pages.refetch()}
    />
  );
}
