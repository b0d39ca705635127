import { inlineText } from './markdown';

/** What every rendered document says about where it came from. */
export interface ArtifactMeta {
  name: string;
  version: number;
  sourceAgent: string;
  createdAt: string;
  isSimulated: boolean;
}

/** The title and one line of provenance under it. */
export function documentHeader(kind: string, meta: ArtifactMeta): string {
  const provenance = [
    `Version ${meta.version}`,
    `by ${inlineText(meta.sourceAgent)}`,
    meta.createdAt.slice(0, 10),
    ...(meta.isSimulated ? ['made by the simulated provider, not a model'] : []),
  ].join(' · ');
  return `# ${inlineText(kind)}: ${inlineText(meta.name)}\n\n> ${provenance}`;
}
