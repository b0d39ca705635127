import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, httpClient, startTestApi, tableCounts, type HttpClient, type TestApi } from './harness';

// The artifacts as a project tree (README, docs/, src/, tests/, data/, manifest.json) and seed
// 001's bundle endpoints: generate, summary, download, delete, cleanup-old; roles and bad input.

let env: TestApi;
let operator: HttpClient;
let viewer: HttpClient;
let admin: HttpClient;

beforeAll(async () => {
  env = await startTestApi();
  operator = httpClient(env.baseUrl, env.tokens.operator);
  viewer = httpClient(env.baseUrl, env.tokens.viewer);
  admin = httpClient(env.baseUrl, env.tokens.admin);
});
afterAll(async () => {
  await env.close();
});

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const RUN_KEY = 'run/11111111-2222-4333-8444-555555555555/analyst';

interface Manifest {
  format: string;
  project: { id: string };
  files: Array<{ path: string; type: string; size: number; sha256: string; artifactId: string | null }>;
  artifacts: Array<{
    id: string;
    logicalKey: string;
    version: number;
    contentHash: string;
    files: string[];
    lineage: Array<{ id: string; logicalKey?: string; version?: number }>;
    olderVersions: Array<{ id: string; version: number }>;
  }>;
}

/** A project with a reworked specification, a code change (with a test), a stray file artifact and a decision. */
async function projectWithArtifacts(name: string) {
  const { project } = await operator.projects.create.mutate({ name, productIdea: 'Habits for night nurses', startRun: false });
  const db = env.database.db;
  const spec = (version: number, requirement: string) =>
    db.contextArtifact.create({
      data: {
        projectId: project.id,
        logicalKey: `${RUN_KEY}/software_specification`,
        version,
        name: 'Write the specification',
        artifactType: 'spec',
        handoffType: 'software_specification',
        sourceAgent: 'analyst',
        isSimulated: true,
        content: {
          core_idea: 'Habits',
          requirements: [requirement],
          user_stories: ['As a nurse I log a habit'],
          high_level_features: ['Streaks'],
        },
        contentHash: `spec-v${version}`,
      },
      select: { id: true },
    });
  const v1 = await spec(1, 'Works online');
  const v2 = await spec(2, 'Works offline on the ward');
  const code = await db.contextArtifact.create({
    data: {
      projectId: project.id,
      logicalKey: `${RUN_KEY}/code_change`,
      name: 'Build the tracker',
      artifactType: 'code',
      handoffType: 'code_change',
      sourceAgent: 'coder',
      content: {
        summary: 'Adds the tracker',
        files: [
          { path: 'src/tracker.ts', content: 'export const track = () => 1;\n', language: 'typescript' },
          { path: 'tests/tracker.test.ts', content: 'test("tracks", () => {});\n' },
          { path: 'scripts/seed', content: 'print("seed")\n', language: 'python' },
        ],
      },
      contentHash: 'code-v1',
      sources: { create: [{ sourceArtifactId: v2.id }] },
    },
    select: { id: true },
  });
  await operator.decisions.record.mutate({
    projectId: project.id,
    problem: 'Where do habits live offline?',
    variants: [
      { id: 'local', title: 'On the phone' },
      { id: 'server', title: 'Server only' },
    ],
    votes: [{ voterName: 'technical_architect', variantId: 'local', reason: 'No reception on wards' }],
    chosenVariantId: 'local',
  });
  return { projectId: project.id, v1: v1.id, v2: v2.id, code: code.id };
}

async function unzip(response: Response): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await response.arrayBuffer()));
}

const bearer = (role: 'viewer' | 'operator' | 'admin') => ({ authorization: `Bearer ${env.tokens[role]}` });

describe('the artifacts ZIP is a project tree', () => {
  it('has README, docs, data, src and tests with the latest versions, and a manifest with hashes, versions and lineage', async () => {
    const fixture = await projectWithArtifacts('Tree project');
    const response = await fetch(`${env.baseUrl}/api/v1/projects/${fixture.projectId}/artifacts.zip`, { headers: bearer('viewer') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Tree_project-artifacts.zip"');
    const files = await unzip(response);
    const text = (path: string) => strFromU8(files[path] ?? new Uint8Array());

    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'data/code-change.json',
      'data/decisions.json',
      'data/specification.json',
      'docs/code-change.md',
      'docs/decisions.md',
      'docs/specification.md',
      'manifest.json',
      'src/scripts/seed.py',
      'src/tracker.ts',
      'tests/tracker.test.ts',
    ]);
    // No run ids or logical keys in paths, nothing escapes the archive.
    for (const path of Object.keys(files)) {
      expect(path).not.toContain('11111111');
      expect(path.split('/')).not.toContain('..');
    }
    expect(text('docs/specification.md')).toContain('Works offline on the ward');
    expect(text('docs/specification.md')).not.toContain('Works online');
    expect(JSON.parse(text('data/specification.json'))).toMatchObject({ requirements: ['Works offline on the ward'] });
    expect(text('src/tracker.ts')).toBe('export const track = () => 1;\n');
    expect(text('docs/code-change.md')).toContain('(<../src/tracker.ts>)');
    expect(text('docs/decisions.md')).toContain('**Chosen: On the phone**');
    expect(text('README.md')).toContain('[docs/specification.md](<docs/specification.md>)');
    expect(text('README.md')).toContain('simulated provider');

    const manifest = JSON.parse(text('manifest.json')) as Manifest;
    expect(manifest.format).toBe('quarterdeck-bundle/1');
    expect(manifest.files.map((file) => file.path).sort()).toEqual(
      Object.keys(files)
        .filter((path) => path !== 'manifest.json')
        .sort(),
    );
    for (const file of manifest.files) {
      const bytes = files[file.path] ?? new Uint8Array();
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(file.size).toBe(bytes.byteLength);
    }
    const specEntry = manifest.artifacts.find((artifact) => artifact.id === fixture.v2);
    expect(specEntry).toMatchObject({
      version: 2,
      contentHash: 'spec-v2',
      files: ['docs/specification.md', 'data/specification.json'],
      olderVersions: [{ id: fixture.v1, version: 1 }],
    });
    expect(manifest.artifacts.some((artifact) => artifact.id === fixture.v1)).toBe(false);
    expect(manifest.artifacts.find((artifact) => artifact.id === fixture.code)?.lineage).toEqual([
      { id: fixture.v2, logicalKey: `${RUN_KEY}/software_specification`, version: 2 },
    ]);
  });

  it('refuses a missing token, a malformed id (naming the field) and an unknown project', async () => {
    const url = (projectId: string) => `${env.baseUrl}/api/v1/projects/${projectId}/artifacts.zip`;
    expect((await fetch(url(MISSING_ID))).status).toBe(401);
    const malformed = await fetch(url('not-a-uuid'), { headers: bearer('viewer') });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'BAD_REQUEST', field: 'projectId' });
    const unknown = await fetch(url(MISSING_ID), { headers: bearer('viewer') });
    expect(unknown.status).toBe(404);
  });
});

describe('seed 001 bundle endpoints', () => {
  it('generates a stored bundle (event artifact.bundle_ready), summarises it, downloads the same bytes, and deletes it', async () => {
    const fixture = await projectWithArtifacts('Bundle project');
    const generated = await fetch(`${env.baseUrl}/api/v1/artifacts/${fixture.projectId}/generate`, {
      method: 'POST',
      headers: bearer('operator'),
    });
    expect(generated.status).toBe(200);
    const body = (await generated.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ artifacts_generated: 2, zip_created: true, download_available: true, file_count: 11 });

    const events = await env.database.db.event.findMany({ where: { type: 'artifact.bundle_ready', projectId: fixture.projectId } });
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toEqual({ artifactCount: 2, sizeBytes: body.size_bytes });

    const summary = await viewer.artifacts.bundleSummary.query({ projectId: fixture.projectId });
    expect(summary).toMatchObject({ download_available: true, artifact_count: 2, size_bytes: body.size_bytes });

    const download = await fetch(`${env.baseUrl}/api/v1/artifacts/${fixture.projectId}/download`, { headers: bearer('viewer') });
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(body.size_bytes);
    expect(download.headers.get('x-content-sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(summary.sha256).toBe(download.headers.get('x-content-sha256'));
    const files = unzipSync(bytes);
    expect(summary.artifacts.map((file) => ({ ...file })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      Object.entries(files)
        .map(([name, content]) => ({
          name,
          size: content.byteLength,
          type:
            name === 'manifest.json'
              ? 'manifest'
              : name.startsWith('src/')
                ? 'source'
                : name.startsWith('tests/')
                  ? 'test'
                  : name.startsWith('data/')
                    ? 'data'
                    : 'documentation',
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );

    const deleted = await fetch(`${env.baseUrl}/api/v1/artifacts/${fixture.projectId}/artifacts`, {
      method: 'DELETE',
      headers: bearer('operator'),
    });
    expect(await deleted.json()).toEqual({ cleaned_files: 11, status: 'success' });
    expect((await fetch(`${env.baseUrl}/api/v1/artifacts/${fixture.projectId}/download`, { headers: bearer('viewer') })).status).toBe(404);
    expect(await viewer.artifacts.bundleSummary.query({ projectId: fixture.projectId })).toMatchObject({
      download_available: false,
      artifacts: [],
    });
    // The artifacts themselves stay.
    expect(await env.database.db.contextArtifact.count({ where: { projectId: fixture.projectId } })).toBe(3);
  });

  it('lets a viewer read and download but not generate or delete; cleanup-old is for administrators', async () => {
    const fixture = await projectWithArtifacts('Roles project');
    expect((await failureOf(viewer.artifacts.generateBundle.mutate({ projectId: fixture.projectId }))).data?.code).toBe('FORBIDDEN');
    await operator.artifacts.generateBundle.mutate({ projectId: fixture.projectId });
    expect((await failureOf(viewer.artifacts.deleteBundle.mutate({ projectId: fixture.projectId }))).data?.code).toBe('FORBIDDEN');
    expect((await failureOf(operator.artifacts.cleanupOldBundles.mutate({ max_age_hours: 1 }))).data?.code).toBe('FORBIDDEN');
    const rest = await fetch(`${env.baseUrl}/api/v1/artifacts/cleanup-old?max_age_hours=1`, {
      method: 'DELETE',
      headers: bearer('operator'),
    });
    expect(rest.status).toBe(403);
    expect((await fetch(`${env.baseUrl}/api/v1/artifacts/${fixture.projectId}/download`)).status).toBe(401);
  });

  it('cleans up bundles older than max_age_hours and says how much space it freed', async () => {
    const old = await projectWithArtifacts('Old bundle');
    const fresh = await projectWithArtifacts('Fresh bundle');
    await admin.artifacts.generateBundle.mutate({ projectId: old.projectId });
    await admin.artifacts.generateBundle.mutate({ projectId: fresh.projectId });
    // Fixture: the first bundle was made two days ago.
    await env.database.db.artifactBundle.update({
      where: { projectId: old.projectId },
      data: { createdAt: new Date(Date.now() - 48 * 3_600_000) },
    });
    const oldSize = (
      await env.database.db.artifactBundle.findUniqueOrThrow({ where: { projectId: old.projectId }, select: { sizeBytes: true } })
    ).sizeBytes;

    const response = await fetch(`${env.baseUrl}/api/v1/artifacts/cleanup-old?max_age_hours=24`, {
      method: 'DELETE',
      headers: bearer('admin'),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { cleaned_files: number; freed_space_mb: number };
    expect(body.cleaned_files).toBeGreaterThanOrEqual(1);
    expect(body.freed_space_mb).toBeCloseTo(oldSize / 1024 / 1024, 3);
    expect(await env.database.db.artifactBundle.findUnique({ where: { projectId: old.projectId } })).toBeNull();
    expect(await env.database.db.artifactBundle.findUnique({ where: { projectId: fresh.projectId } })).not.toBeNull();
  });

  it('answers bad input with 4xx naming the field and changes nothing', async () => {
    const before = await tableCounts(env.database);
    const bundlesBefore = await env.database.db.artifactBundle.count();
    const malformed = await fetch(`${env.baseUrl}/api/v1/artifacts/not-a-uuid/generate`, { method: 'POST', headers: bearer('operator') });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'BAD_REQUEST', field: 'projectId' });
    const unknown = await fetch(`${env.baseUrl}/api/v1/artifacts/${MISSING_ID}/generate`, { method: 'POST', headers: bearer('operator') });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${env.baseUrl}/api/v1/artifacts/${MISSING_ID}/summary`, { headers: bearer('viewer') })).status).toBe(404);
    for (const query of ['', '?max_age_hours=abc', '?max_age_hours=0']) {
      const response = await fetch(`${env.baseUrl}/api/v1/artifacts/cleanup-old${query}`, { method: 'DELETE', headers: bearer('admin') });
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'BAD_REQUEST', field: 'max_age_hours' });
    }
    expect(await tableCounts(env.database)).toEqual(before);
    expect(await env.database.db.artifactBundle.count()).toBe(bundlesBefore);
  });

  it('documents generate, summary, delete, cleanup-old and the binary download in the OpenAPI document', async () => {
    const document = (await (await fetch(`${env.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/api/v1/artifacts/{projectId}/generate'] ?? {})).toEqual(['post']);
    expect(Object.keys(document.paths['/api/v1/artifacts/{projectId}/summary'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/api/v1/artifacts/{projectId}/artifacts'] ?? {})).toEqual(['delete']);
    expect(Object.keys(document.paths['/api/v1/artifacts/cleanup-old'] ?? {})).toEqual(['delete']);
    expect(JSON.stringify(document.paths['/api/v1/artifacts/{projectId}/download'])).toContain('application/zip');
  });
});

describe('artifacts.reviews', () => {
  it('names who answered each review of an artifact and the version their amendment became', async () => {
    const fixture = await projectWithArtifacts('Reviewed project');
    const db = env.database.db;
    await db.hitlRequest.create({
      data: {
        projectId: fixture.projectId,
        artifactId: fixture.v1,
        question: 'Review v1',
        status: 'amended',
        responseContent: 'Made it offline',
        respondedById: env.userIds.operator,
        respondedAt: new Date(),
      },
    });
    const amended = await db.contextArtifact.create({
      data: {
        projectId: fixture.projectId,
        logicalKey: `${RUN_KEY}/software_specification`,
        version: 3,
        name: 'Write the specification',
        artifactType: 'spec',
        handoffType: 'software_specification',
        sourceAgent: 'human',
        createdById: env.userIds.operator,
        content: { core_idea: 'Habits', requirements: ['x'], user_stories: ['y'], high_level_features: ['z'] },
        contentHash: 'spec-v3',
        sources: { create: [{ sourceArtifactId: fixture.v1 }] },
      },
      select: { id: true },
    });
    const { reviews } = await viewer.artifacts.reviews.query({ artifactId: fixture.v2 });
    expect(reviews).toEqual([
      expect.objectContaining({
        status: 'amended',
        responseContent: 'Made it offline',
        respondedBy: { id: env.userIds.operator, name: 'Test operator' },
        reviewedVersion: { id: fixture.v1, version: 1 },
        amendedVersion: { id: amended.id, version: 3 },
      }),
    ]);
    expect(JSON.stringify(reviews)).not.toContain('@example.test');
  });
});
