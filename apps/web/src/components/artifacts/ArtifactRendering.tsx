import { renderArtifact } from '@quarterdeck/contracts/artifacts';
import { useMemo, useState } from 'react';
import type { ContextArtifact } from '../../types';
import { CodeView } from './CodeView';
import { FileTree } from './FileTree';
import { JsonView } from './JsonView';
import { MarkdownDocument } from './MarkdownDocument';

// Loaded on demand (React.lazy in ArtifactsTab): the Markdown renderer and the highlighter
// are only fetched when someone opens an artifact, so the other pages do not pay for them.

export type ArtifactView = 'document' | 'json';

interface ArtifactRenderingProps {
  artifact: ContextArtifact;
  view: ArtifactView;
}

/** An artifact as the file a person would open: its document, its code files in a tree, or its JSON. */
export default function ArtifactRendering({ artifact, view }: ArtifactRenderingProps) {
  const rendered = useMemo(() => renderArtifact(artifact), [artifact]);
  const [selectedPath, setSelectedPath] = useState<string | null>(rendered.files[0]?.path ?? null);
  const selectedFile = rendered.files.find((file) => file.path === selectedPath) ?? rendered.files[0] ?? null;
  const title = `${artifact.name} v${artifact.version}`;

  if (view === 'json') return <JsonView data={artifact.content} label={`${title} as JSON`} />;
  return (
    <div className="artifact-document">
      {rendered.markdown !== null && <MarkdownDocument markdown={rendered.markdown} label={`${title} document`} />}
      {selectedFile !== null && (
        <div className="code-files">
          {rendered.files.length > 1 && (
            <FileTree paths={rendered.files.map((file) => file.path)} selected={selectedFile.path} onSelect={setSelectedPath} />
          )}
          <div className="code-files__file">
            <p className="code-files__path">{selectedFile.path}</p>
            <CodeView code={selectedFile.content} language={selectedFile.language} label={selectedFile.path} />
          </div>
        </div>
      )}
    </div>
  );
}
