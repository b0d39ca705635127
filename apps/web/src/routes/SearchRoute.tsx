import { failed } from '../lib/loadable';
import { useSearchParam } from '../lib/use-search-param';
import { SearchPage } from '../pages/SearchPage';

/** The API has no search procedure yet; the page says so rather than showing "no results". */
export function SearchRoute() {
  const [query, setQuery] = useSearchParam('q');
  return (
    <SearchPage
      query={query ?? ''}
      onSearch={setQuery}
      results={query === null ? null : failed('Search is not available yet: this server has no search procedure.')}
    />
  );
}
