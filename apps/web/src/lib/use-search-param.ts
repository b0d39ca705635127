import { useCallback } from 'react';
import { useLocation, useSearch } from 'wouter';

/**
 * One query-string parameter as state, so filters, tabs and selections survive a reload
 * and can be linked to. Setting null removes the parameter. History entries are replaced,
 * not pushed: flipping a filter should not fill the back button.
 */
export function useSearchParam(name: string): [string | null, (value: string | null) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const value = new URLSearchParams(search).get(name);
  const setValue = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(search);
      if (next === null || next.length === 0) params.delete(name);
      else params.set(name, next);
      const query = params.toString();
      navigate(query.length > 0 ? `${location}?${query}` : location, { replace: true });
    },
    [search, location, navigate, name],
  );
  return [value, setValue];
}
