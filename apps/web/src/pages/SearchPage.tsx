import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { SearchFacets, SearchHit, SearchKind } from '../api/outputs';
import { PageHeader, Section } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { Badge } from '../components/StatusBadge';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { groupSearchHits, searchHitHref, SEARCH_KIND_LABELS, SEARCH_KIND_ORDER, type SearchFilters } from '../lib/search-view';

export interface SearchResults {
  status: 'pending' | 'error' | 'success';
  error: string | null;
  hits: SearchHit[];
  facets: SearchFacets | null;
  hasMore: boolean;
  loadingMore: boolean;
}

interface SearchPageProps {
  /** The query the results are for (kept in the URL by the caller). */
  query: string;
  filters: SearchFilters;
  onSearch: (query: string) => void;
  onFiltersChange: (filters: SearchFilters) => void;
  /** null before the first search. */
  results: SearchResults | null;
  onLoadMore: () => void;
  onRetry: () => void;
}

const STATUSES = [
  'pending',
  'ready',
  'working',
  'waiting_for_hitl',
  'completed',
  'failed',
  'cancelled',
  'approved',
  'rejected',
  'amended',
  'expired',
  'active',
  'paused',
];

export function SearchPage({ query, filters, onSearch, onFiltersChange, results, onLoadMore, onRetry }: SearchPageProps) {
  const [text, setText] = useState(query);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed.length > 0) onSearch(trimmed);
  }

  return (
    <>
      <PageHeader
        title="Search"
        description="Full-text search over projects, tasks, artifacts, decisions, approvals and messages. Press / anywhere to come here."
      />
      <form role="search" className="search-form" onSubmit={handleSubmit}>
        <label className="visually-hidden" htmlFor="search-input">
          Search
        </label>
        <input
          id="search-input"
          className="input"
          type="search"
          value={text}
          // The page exists to search: the box takes the keyboard as soon as it opens.
          autoFocus
          placeholder='e.g. offline sync, "night shift" -draft, or an id'
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button--primary">
          Search
        </button>
      </form>
      {results === null ? (
        <Section title="Results">
          <EmptyState title="Search everything agents and people wrote" compact>
            Quotes find a phrase, a minus excludes a word, “or” finds either; an id or its first characters finds the thing itself.
          </EmptyState>
        </Section>
      ) : (
        <div className="search-layout">
          <SearchFilterPanel filters={filters} facets={results.facets} onChange={onFiltersChange} />
          <Section title="Results" className="search-results">
            <ResultGroups results={results} query={query} onLoadMore={onLoadMore} onRetry={onRetry} />
          </Section>
        </div>
      )}
    </>
  );
}

interface FilterPanelProps {
  filters: SearchFilters;
  facets: SearchFacets | null;
  onChange: (filters: SearchFilters) => void;
}

const countLabel = (count: number, capped: boolean) => `${count}${capped ? '+' : ''}`;

function SearchFilterPanel({ filters, facets, onChange }: FilterPanelProps) {
  const kindCount = (kind: SearchKind) => facets?.kinds.find((facet) => facet.kind === kind);
  const toggleKind = (kind: SearchKind) =>
    onChange({
      ...filters,
      kinds: filters.kinds.includes(kind) ? filters.kinds.filter((candidate) => candidate !== kind) : [...filters.kinds, kind],
    });
  const projects = facets?.projects ?? [];
  return (
    <aside className="search-filters" aria-label="Filters">
      <fieldset className="search-filters__group">
        <legend>Kind</legend>
        {SEARCH_KIND_ORDER.map((kind) => {
          const facet = kindCount(kind);
          return (
            <label key={kind} className="search-filters__option">
              <input type="checkbox" checked={filters.kinds.includes(kind)} onChange={() => toggleKind(kind)} />
              <span>{SEARCH_KIND_LABELS[kind].many}</span>
              <span className="search-filters__count" aria-label={`${facet?.count ?? 0} matches`}>
                {facet === undefined ? 0 : countLabel(facet.count, facet.capped)}
              </span>
            </label>
          );
        })}
      </fieldset>
      <label className="field">
        <span className="field__label">Project</span>
        <select
          className="input input--small"
          value={filters.projectId ?? ''}
          onChange={(event) => onChange({ ...filters, projectId: event.target.value === '' ? null : event.target.value })}
        >
          <option value="">All projects</option>
          {filters.projectId !== null && !projects.some((project) => project.projectId === filters.projectId) && (
            <option value={filters.projectId}>This project</option>
          )}
          {projects.map((project) => (
            <option key={project.projectId} value={project.projectId}>
              {project.name} ({countLabel(project.count, project.capped)})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Status</span>
        <select
          className="input input--small"
          value={filters.status ?? ''}
          onChange={(event) => onChange({ ...filters, status: event.target.value === '' ? null : event.target.value })}
        >
          <option value="">Any status</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {status.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Agent, role or persona</span>
        <input
          className="input input--small"
          defaultValue={filters.agent ?? ''}
          placeholder="e.g. analyst"
          onBlur={(event) => onChange({ ...filters, agent: event.target.value.trim() === '' ? null : event.target.value.trim() })}
        />
      </label>
      <label className="field">
        <span className="field__label">From</span>
        <input
          className="input input--small"
          type="date"
          value={filters.fromDay ?? ''}
          onChange={(event) => onChange({ ...filters, fromDay: event.target.value === '' ? null : event.target.value })}
        />
      </label>
      <label className="field">
        <span className="field__label">To</span>
        <input
          className="input input--small"
          type="date"
          value={filters.toDay ?? ''}
          onChange={(event) => onChange({ ...filters, toDay: event.target.value === '' ? null : event.target.value })}
        />
      </label>
    </aside>
  );
}

function ResultGroups({
  results,
  query,
  onLoadMore,
  onRetry,
}: {
  results: SearchResults;
  query: string;
  onLoadMore: () => void;
  onRetry: () => void;
}) {
  if (results.status === 'pending') return <LoadingState label="Searching…" />;
  if (results.status === 'error')
    return <ErrorState title="The search failed" message={results.error ?? 'The search failed.'} onRetry={onRetry} />;
  if (results.hits.length === 0) {
    return (
      <EmptyState title={`Nothing matches “${query}”`} compact>
        Try fewer or different words, or clear a filter.
      </EmptyState>
    );
  }
  return (
    <>
      {groupSearchHits(results.hits).map((group) => (
        <section key={group.kind} className="search-group" aria-labelledby={`search-group-${group.kind}`}>
          <h3 id={`search-group-${group.kind}`} className="search-group__title">
            {SEARCH_KIND_LABELS[group.kind].many}
          </h3>
          <ul className="list">
            {group.hits.map((hit) => (
              <SearchResultItem key={`${hit.kind}:${hit.id}`} hit={hit} />
            ))}
          </ul>
        </section>
      ))}
      {results.hasMore && (
        <button
          type="button"
          className="button search-more"
          onClick={onLoadMore}
          disabled={results.loadingMore}
          aria-busy={results.loadingMore}
        >
          {results.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}

function SearchResultItem({ hit }: { hit: SearchHit }) {
  const href = searchHitHref(hit);
  return (
    <li className="list__item search-hit">
      <div className="list__row">
        {href === null ? (
          <span className="list__title">{hit.title}</span>
        ) : (
          <Link href={href} className="list__title">
            {hit.title}
          </Link>
        )}
        <Badge tone="neutral">{SEARCH_KIND_LABELS[hit.kind].one}</Badge>
        {'status' in hit && <Badge tone="muted">{hit.status.replace(/_/g, ' ')}</Badge>}
        {hit.kind === 'artifact' && <Badge tone="muted">{`v${hit.version}`}</Badge>}
        {hit.matchedId && <Badge tone="info">id match</Badge>}
      </div>
      {/* Segments are text: React escapes them, and only the matches are marked. */}
      <p className="list__text search-hit__snippet">
        {hit.snippet.map((segment, index) =>
          segment.highlighted ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
        )}
      </p>
      <p className="list__meta">
        {hit.projectName !== null && <>{hit.projectName} · </>}
        {hit.kind === 'message' && <>{hit.conversationTitle} · </>}
        <RelativeTime iso={hit.createdAt} />
      </p>
    </li>
  );
}
