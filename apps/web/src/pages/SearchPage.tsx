import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { LoadableView } from '../components/LoadableView';
import { PageHeader, Section } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { Badge } from '../components/StatusBadge';
import { EmptyState } from '../components/states';
import type { Loadable, SearchResult, SearchResultKind } from '../types';

interface SearchPageProps {
  /** The query the results are for (kept in the URL by the caller). */
  query: string;
  onSearch: (query: string) => void;
  /** null before the first search. */
  results: Loadable<SearchResult[]> | null;
}

const KIND_LABELS: Record<SearchResultKind, string> = {
  message: 'Message',
  artifact: 'Artifact',
  decision: 'Decision',
};

export function SearchPage({ query, onSearch, results }: SearchPageProps) {
  const [text, setText] = useState(query);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed.length > 0) onSearch(trimmed);
  }

  return (
    <>
      <PageHeader title="Search" description="Full-text search over agents' messages, artifacts and decisions." />
      <form role="search" className="search-form" onSubmit={handleSubmit}>
        <label className="visually-hidden" htmlFor="search-input">
          Search
        </label>
        <input
          id="search-input"
          className="input"
          type="search"
          value={text}
          placeholder="e.g. authentication, night shift, rejected"
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button--primary">
          Search
        </button>
      </form>
      <Section title="Results">
        {results === null ? (
          <EmptyState title="Search everything agents wrote" compact>
            Messages, artifacts and decisions from every project are searchable.
          </EmptyState>
        ) : (
          <LoadableView state={results} loadingLabel="Searching…">
            {(list) => <ResultList results={list} query={query} />}
          </LoadableView>
        )}
      </Section>
    </>
  );
}

function ResultList({ results, query }: { results: SearchResult[]; query: string }) {
  if (results.length === 0) {
    return (
      <EmptyState title={`Nothing matches “${query}”`} compact>
        Try fewer or different words.
      </EmptyState>
    );
  }
  return (
    <ul className="list">
      {results.map((result) => (
        <li key={`${result.kind}:${result.id}`} className="list__item">
          <div className="list__row">
            {result.projectId === null ? (
              <span className="list__title">{result.title}</span>
            ) : (
              <Link href={`/projects/${result.projectId}${result.kind === 'artifact' ? '?tab=artifacts' : ''}`} className="list__title">
                {result.title}
              </Link>
            )}
            <Badge tone="neutral">{KIND_LABELS[result.kind]}</Badge>
          </div>
          <p className="list__text">{result.snippet}</p>
          <p className="list__meta">
            <RelativeTime iso={result.createdAt} />
          </p>
        </li>
      ))}
    </ul>
  );
}
