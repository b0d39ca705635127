import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiToken } from '../../api/ApiProvider';
import { downloadWithToken } from '../../api/download';
import { useTRPC } from '../../api/trpc';
import { formatBytes } from '../../lib/format';
import { RelativeTime } from '../RelativeTime';

interface BundlePanelProps {
  projectId: string;
  /** Operators and admins generate bundles; everyone may download one. */
  canOperate: boolean;
  /** Downloads the tree as it is now (built on request) while no bundle was generated; null hides it. */
  onDownloadCurrent: (() => Promise<void>) | null;
}

/**
 * The project's downloadable bundle (README, docs/, src/, tests/, data/, manifest.json). An
 * operator generates it; `artifact.bundle_ready` refreshes the summary live (the artifacts
 * query family), so every open dashboard sees the download appear.
 */
export function BundlePanel({ projectId, canOperate, onDownloadCurrent }: BundlePanelProps) {
  const trpc = useTRPC();
  const token = useApiToken();
  const summary = useQuery(trpc.artifacts.bundleSummary.queryOptions({ projectId }));
  const generate = useMutation(trpc.artifacts.generateBundle.mutationOptions({ onSuccess: () => void summary.refetch() }));
  const [download, setDownload] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const run = (work: () => Promise<void>) => {
    setDownload({ busy: true, error: null });
    work().then(
      () => setDownload({ busy: false, error: null }),
      (error: unknown) => setDownload({ busy: false, error: error instanceof Error ? error.message : 'The download failed.' }),
    );
  };
  const startDownload = () => {
    if (token !== null) run(() => downloadWithToken(`/api/v1/artifacts/${encodeURIComponent(projectId)}/download`, token, 'artifacts.zip'));
  };

  const bundle = summary.data;
  return (
    <div className="artifacts__download bundle-panel">
      {bundle?.download_available === true ? (
        <>
          <button type="button" className="button" onClick={startDownload} disabled={download.busy} aria-busy={download.busy}>
            {download.busy ? 'Downloading…' : 'Download ZIP'}
          </button>
          <p className="hint">
            {bundle.artifacts.length} files · {formatBytes(bundle.size_bytes)} · generated{' '}
            {bundle.generated_at !== null && <RelativeTime iso={bundle.generated_at} />}
          </p>
          <details className="bundle-panel__files">
            <summary>Files in the ZIP</summary>
            <ul className="list list--plain">
              {bundle.artifacts.map((file) => (
                <li key={file.name}>
                  <code>{file.name}</code>{' '}
                  <span className="hint">
                    {file.type} · {formatBytes(file.size)}
                  </span>
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : (
        summary.status === 'success' && (
          <>
            <p className="hint">{canOperate ? 'No bundle generated yet.' : 'No bundle generated yet: an operator can generate one.'}</p>
            {onDownloadCurrent !== null && (
              <button
                type="button"
                className="button"
                onClick={() => run(onDownloadCurrent)}
                disabled={download.busy}
                aria-busy={download.busy}
              >
                {download.busy ? 'Preparing ZIP…' : 'Download current (ZIP)'}
              </button>
            )}
          </>
        )
      )}
      {canOperate && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => generate.mutate({ projectId })}
          disabled={generate.isPending}
          aria-busy={generate.isPending}
        >
          {generate.isPending ? 'Generating…' : bundle?.download_available === true ? 'Regenerate bundle' : 'Generate bundle'}
        </button>
      )}
      {(download.error ?? generate.error?.message ?? null) !== null && (
        <p role="alert" className="form-error">
          {download.error ?? generate.error?.message}
        </p>
      )}
    </div>
  );
}
