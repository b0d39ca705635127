import { useMemo, useState } from 'react';
import { ArtifactDiff } from '../../components/ArtifactDiff';
import { RelativeTime } from '../../components/RelativeTime';
import { SimulatedBadge } from '../../components/StatusBadge';
import { EmptyState } from '../../components/states';
import { artifactText } from '../../lib/artifact-diff';
import { groupArtifactVersions, lineageOf, type ArtifactGroup } from '../../lib/artifacts';
import { formatBytes } from '../../lib/format';
import type { ArtifactLineage, ContextArtifact } from '../../types';

interface ArtifactsTabProps {
  artifacts: ContextArtifact[];
  lineage: ArtifactLineage[];
  /** Downloads the ZIP of every artifact version with its manifest; null hides the button. */
  onDownloadZip: (() => Promise<void>) | null;
}

/** Artifacts by name, each with its versions, a diff between any two, and its lineage. */
export function ArtifactsTab({ artifacts, lineage, onDownloadZip }: ArtifactsTabProps) {
  const groups = useMemo(() => groupArtifactVersions(artifacts), [artifacts]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
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
        {onDownloadZip !== null && <ZipDownloadButton onDownload={onDownloadZip} />}
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

/** The download runs through fetch (it needs the token), so the button says when it is busy or failed. */
function ZipDownloadButton({ onDownload }: { onDownload: () => Promise<void> }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = () => {
    setState({ busy: true, error: null });
    onDownload().then(
      () => setState({ busy: false, error: null }),
      (error: unknown) => setState({ busy: false, error: error instanceof Error ? error.message : 'The download failed.' }),
    );
  };
  return (
    <div className="artifacts__download">
      <button type="button" className="button" onClick={download} disabled={state.busy} aria-busy={state.busy}>
        {state.busy ? 'Preparing ZIP…' : 'Download all (ZIP)'}
      </button>
      {state.error !== null && (
        <p role="alert" className="form-error">
          {state.error}
        </p>
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
              <option value="">Nothing (show content)</option>
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
        <pre className="code-block" tabIndex={0} aria-label={`${artifact.name} v${artifact.version} content`}>
          {artifactText(artifact)}
        </pre>
      ) : (
        <ArtifactDiff before={sides.before} after={sides.after} />
      )}

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
