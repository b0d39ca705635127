import { lazy, Suspense, useMemo, useState } from 'react';
import { ArtifactDiff } from '../../components/ArtifactDiff';
import type { ArtifactView } from '../../components/artifacts/ArtifactRendering';
import { ArtifactReviews } from '../../components/artifacts/ArtifactReviews';
import { BundlePanel } from '../../components/artifacts/BundlePanel';
import { RelativeTime } from '../../components/RelativeTime';
import { SimulatedBadge } from '../../components/StatusBadge';
import { EmptyState, LoadingState } from '../../components/states';
import { groupArtifactVersions, lineageOf, type ArtifactGroup } from '../../lib/artifacts';
import { formatBytes } from '../../lib/format';
import { useSearchParam } from '../../lib/use-search-param';
import type { ArtifactLineage, ContextArtifact } from '../../types';

// The Markdown renderer and the highlighter load only when an artifact is shown.
const ArtifactRendering = lazy(() => import('../../components/artifacts/ArtifactRendering'));

interface ArtifactsTabProps {
  projectId: string;
  artifacts: ContextArtifact[];
  lineage: ArtifactLineage[];
  /** Downloads the current tree as a ZIP while no bundle was generated; null hides the button. */
  onDownloadZip: (() => Promise<void>) | null;
  canOperate: boolean;
}

/** Artifacts by name, each read as a document (or code, or JSON), with its versions, a diff between any two, its reviews and lineage. */
export function ArtifactsTab({ projectId, artifacts, lineage, onDownloadZip, canOperate }: ArtifactsTabProps) {
  const groups = useMemo(() => groupArtifactVersions(artifacts), [artifacts]);
  // `?artifact=` opens a version (a search result links here).
  const [selectedId, setSelectedId] = useSearchParam('artifact');
  const selected = artifacts.find((artifact) => artifact.id === selectedId) ?? groups[0]?.latest ?? null;

  if (selected === null) {
    return (
      <EmptyState title="No artifacts yet" compact>
        Specs, plans, code and reviews appear here as agents hand them off.
      </EmptyState>
    );
  }
  const group = groups.find((candidate) => candidate.logicalKey === selected.logicalKey);

  return (
    <div className="artifacts">
      <section className="artifacts__list" aria-label="Artifact list">
        <BundlePanel projectId={projectId} canOperate={canOperate} onDownloadCurrent={onDownloadZip} />
        <ul className="list list--plain">
          {groups.map((candidate) => (
            <li key={candidate.logicalKey}>
              <button
                type="button"
                className="list-button"
                aria-current={candidate.logicalKey === selected.logicalKey ? 'true' : undefined}
                onClick={() => setSelectedId(candidate.latest.id)}
              >
                <span className="list-button__title">{candidate.name}</span>
                <span className="list-button__meta">
                  {candidate.artifactType} · v{candidate.latest.version}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {group !== undefined && (
        <ArtifactViewer
          key={selected.id}
          artifact={selected}
          group={group}
          lineage={lineage}
          artifacts={artifacts}
          onOpen={setSelectedId}
        />
      )}
    </div>
  );
}

interface ArtifactViewerProps {
  artifact: ContextArtifact;
  group: ArtifactGroup;
  lineage: ArtifactLineage[];
  artifacts: ContextArtifact[];
  onOpen: (artifactId: string) => void;
}

function ArtifactViewer({ artifact, group, lineage, artifacts, onOpen }: ArtifactViewerProps) {
  const previous = group.versions.find((version) => version.version < artifact.version) ?? null;
  const [compareId, setCompareId] = useState<string | null>(previous?.id ?? null);
  const compareWith = group.versions.find((version) => version.id === compareId) ?? null;
  const { sources, derivatives } = useMemo(() => lineageOf(artifact.id, lineage, artifacts), [artifact.id, lineage, artifacts]);
  const sides = useMemo(() => (compareWith === null ? null : diffSides(compareWith, artifact)), [compareWith, artifact]);
  const [view, setView] = useState<ArtifactView>('document');

  return (
    <article className="artifact" aria-labelledby={`artifact-${artifact.id}`}>
      <header className="artifact__head">
        <h3 id={`artifact-${artifact.id}`}>{artifact.name}</h3>
        {artifact.isSimulated && <SimulatedBadge />}
        <p className="list__meta">
          {artifact.artifactType}
          {artifact.handoffType !== null && <> · {artifact.handoffType}</>} · by {artifact.sourceAgent} ·{' '}
          <RelativeTime iso={artifact.createdAt} /> · {formatBytes(artifact.sizeBytes)}
        </p>
      </header>

      <div className="artifact__controls">
        <div className="segmented" role="group" aria-label="Show as">
          {(['document', 'json'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className="segmented__option"
              aria-pressed={view === option && sides === null}
              onClick={() => {
                setView(option);
                setCompareId(null);
              }}
            >
              {option === 'document' ? 'Document' : 'JSON'}
            </button>
          ))}
        </div>
        <label className="inline-field">
          <span>Version</span>
          <select className="input input--small" value={artifact.id} onChange={(event) => onOpen(event.target.value)}>
            {group.versions.map((version) => (
              <option key={version.id} value={version.id}>
                v{version.version}
              </option>
            ))}
          </select>
        </label>
        {group.versions.length > 1 && (
          <label className="inline-field">
            <span>Compare with</span>
            <select
              className="input input--small"
              value={compareId ?? ''}
              onChange={(event) => setCompareId(event.target.value === '' ? null : event.target.value)}
            >
              <option value="">Nothing (read this version)</option>
              {group.versions
                .filter((version) => version.id !== artifact.id)
                .map((version) => (
                  <option key={version.id} value={version.id}>
                    v{version.version}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>

      {sides === null ? (
        <Suspense fallback={<LoadingState label="Opening the document…" rows={4} />}>
          <ArtifactRendering artifact={artifact} view={view} />
        </Suspense>
      ) : (
        <ArtifactDiff before={sides.before} after={sides.after} />
      )}

      <ArtifactReviews artifactId={artifact.id} onOpen={onOpen} />

      <Lineage title="Made from" artifacts={sources} empty="Not derived from another artifact." onOpen={onOpen} />
      <Lineage title="Used by" artifacts={derivatives} empty="No artifact was made from this one yet." onOpen={onOpen} />
    </article>
  );
}

/** The older version is always "before", whichever of the two is selected. */
function diffSides(a: ContextArtifact, b: ContextArtifact) {
  const [older, newer] = a.version <= b.version ? [a, b] : [b, a];
  return {
    before: { label: `v${older.version}`, content: older.content, mimeType: older.mimeType },
    after: { label: `v${newer.version}`, content: newer.content, mimeType: newer.mimeType },
  };
}

interface LineageProps {
  title: string;
  artifacts: ContextArtifact[];
  empty: string;
  onOpen: (artifactId: string) => void;
}

function Lineage({ title, artifacts, empty, onOpen }: LineageProps) {
  return (
    <div className="lineage">
      <h4>{title}</h4>
      {artifacts.length === 0 ? (
        <p className="hint">{empty}</p>
      ) : (
        <ul className="chips">
          {artifacts.map((artifact) => (
            <li key={artifact.id}>
              <button type="button" className="chip" onClick={() => onOpen(artifact.id)}>
                {artifact.name} v{artifact.version}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
