import { describe, expect, it } from 'vitest';
import { groupArtifactVersions, lineageOf } from './artifacts';
import type { ContextArtifact } from '../types';

function artifact(id: string, logicalKey: string, version: number, name = logicalKey): ContextArtifact {
  return {
    id,
    projectId: 'p',
    runId: null,
    taskId: null,
    sessionId: null,
    logicalKey,
    version,
    name,
    artifactType: 'spec',
    handoffType: null,
    sourceAgent: 'analyst',
    content: { version },
    contentHash: `hash-${id}`,
    mimeType: 'application/json',
    sizeBytes: 10,
    isSimulated: false,
    createdById: null,
    createdAt: '2025-01-01T00:00:00Z',
  };
}

describe('groupArtifactVersions', () => {
  it('groups versions by logical key, newest first, groups by name', () => {
    const groups = groupArtifactVersions([
      artifact('spec-1', 'spec', 1, 'Spec'),
      artifact('plan-1', 'plan', 1, 'Architecture plan'),
      artifact('spec-3', 'spec', 3, 'Spec'),
      artifact('spec-2', 'spec', 2, 'Spec'),
    ]);
    expect(groups.map((group) => [group.name, group.versions.map((version) => version.version)])).toEqual([
      ['Architecture plan', [1]],
      ['Spec', [3, 2, 1]],
    ]);
    expect(groups[1]?.latest.id).toBe('spec-3');
  });

  it('returns nothing for no artifacts', () => {
    expect(groupArtifactVersions([])).toEqual([]);
  });
});

describe('lineageOf', () => {
  const artifacts = [artifact('brief', 'brief', 1), artifact('spec', 'spec', 1), artifact('plan', 'plan', 1)];
  const lineage = [
    { artifactId: 'spec', sourceArtifactId: 'brief' },
    { artifactId: 'plan', sourceArtifactId: 'spec' },
    { artifactId: 'plan', sourceArtifactId: 'not-loaded' },
  ];

  it('lists what an artifact was made from and what was made from it', () => {
    const view = lineageOf('spec', lineage, artifacts);
    expect(view.sources.map((item) => item.id)).toEqual(['brief']);
    expect(view.derivatives.map((item) => item.id)).toEqual(['plan']);
  });

  it('leaves out artifacts that are not loaded', () => {
    expect(lineageOf('plan', lineage, artifacts).sources.map((item) => item.id)).toEqual(['spec']);
  });
});
