import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { createApiServer, ensureFirstAdmin, type ApiServer } from '@quarterdeck/api';
import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { appendEvent } from '@quarterdeck/db';
import { createTestDatabase, freePort, type TestDatabase } from '@quarterdeck/db/testing';
import { startWorkerProcess, type WorkerProcess } from '@quarterdeck/worker';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumForTests } from './find-chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The whole system in one process: the real API server serving the built dashboard
// (apps/web/dist), a real worker running the simulated provider, one fresh database, and
// Debian's Chromium driven by playwright-core. Nothing is mocked: every click goes through
// tRPC over HTTP and every live update through the WebSocket.

const webDist = path.resolve(import.meta.dirname, '../dist');
const screenshots = path.resolve(import.meta.dirname, 'screenshots');
const logger = pino({ level: 'silent' });
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let database: TestDatabase;
let api: ApiServer;
let worker: WorkerProcess;
let context: BrowserContext;
let page: Page;
let origin: string;
let loginLink: string;
let userDataDir: string;
let apiPort: number;
let catalogForRestart: Awaited<ReturnType<typeof loadTemplates>>;
let projectId: string;

// Long enough for a first run that installs Chromium with apt-get (see find-chromium.ts).
beforeAll(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  apiPort = port;
  origin = `http://127.0.0.1:${port}`;
  const catalog = await loadTemplates(defaultTemplatesDir());
  catalogForRestart = catalog;
  const admin = await ensureFirstAdmin(database.db, origin);
  if (admin === null) throw new Error('a fresh database must get a first admin and a login link');
  loginLink = admin.url;
  api = createApiServer({ db: database.db, logger, catalog, databaseUrl: database.url, webDist, publicUrl: origin });
  await api.listen(port, '127.0.0.1');
  worker = await startWorkerProcess({
    databaseUrl: database.url,
    concurrency: 2,
    heartbeatMs: 1_000,
    deadAfterMs: 10_000,
    logger,
    poolThreads: 1,
  });
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'qd-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumForTests(process.env),
    args: CHROMIUM_FLAGS,
    viewport: LAPTOP,
    colorScheme: 'light',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
}, 900_000);

afterAll(async () => {
  await context?.close();
  await worker?.stop();
  await api?.close();
  await database?.drop();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function shot(name: string) {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/**
 * Waits until the engine has opened a review other than `previous` and the page shows it
 * (arriving live, without a reload); returns its id so the test answers that one request.
 */
async function pendingReview(previous: string | null): Promise<string> {
  // A holder object, because TypeScript does not see assignments made inside the poll callback.
  const found: { id: string | null } = { id: null };
  await expect
    .poll(
      async () => {
        const request = await database.db.hitlRequest.findFirst({
          where: { status: 'pending', ...(previous === null ? {} : { id: { not: previous } }) },
          select: { id: true },
        });
        found.id = request?.id ?? null;
        return found.id;
      },
      { timeout: 60_000, interval: 200 },
    )
    .not.toBeNull();
  const { id } = found;
  if (id === null) throw new Error('no pending review appeared');
  await page
    .locator(`article[aria-labelledby="request-${id}"]`)
    .getByRole('radio', { name: /Approve/ })
    .waitFor();
  return id;
}

/**
 * The entries of a ZIP, read straight from its local file headers with node:zlib: an
 * independent reader, so a broken archive from the API cannot pass by being read back by
 * the same library that wrote it.
 */
function readZip(archive: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let offset = 0;
  while (offset + 30 <= archive.length && archive.readUInt32LE(offset) === 0x04034b50) {
    const method = archive.readUInt16LE(offset + 8);
    const compressedSize = archive.readUInt32LE(offset + 18);
    const nameLength = archive.readUInt16LE(offset + 26);
    const extraLength = archive.readUInt16LE(offset + 28);
    const name = archive.toString('utf8', offset + 30, offset + 30 + nameLength);
    const start = offset + 30 + nameLength + extraLength;
    const data = archive.subarray(start, start + compressedSize);
    files.set(name, (method === 0 ? data : inflateRawSync(data)).toString('utf8'));
    offset = start + compressedSize;
  }
  return files;
}

async function openTab(name: string | RegExp) {
  await page.getByRole('tab', { name }).click();
}

describe('the dashboard against a real API and worker', () => {
  it('sends a visitor without a token to the login page, and signs in with the one-time link', async () => {
    await page.goto(`${origin}/projects`);
    await page.waitForURL(`${origin}/login`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot('login');

    await page.goto(loginLink);
    await page.waitForURL(`${origin}/`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await expect.poll(() => page.locator('.topbar__user').textContent()).toContain('(admin)');
    // The live socket is open: the banner shows the quiet "Live" indicator, not "Reconnecting…".
    await page.locator('.connection--live').waitFor();
    await shot('overview');
  });

  it('creates a project from an idea, rejects its review with a reason, sees the rework, approves it and watches it complete', async () => {
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.getByLabel('Product idea').fill('A habit-tracking app for nurses on night shift');
    await page.getByLabel('Name (optional)').fill('Night shift habits');
    await page.getByLabel('Workflow template').selectOption('idea-to-spec');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}/);
    await page.getByRole('heading', { level: 1, name: 'Night shift habits' }).waitFor();

    // The first wave runs on the simulated provider; the review gate then waits for a person.
    await openTab(/Approvals/);
    const firstReview = await pendingReview(null);
    projectId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const projectUrl = page.url();

    // The overview's inbox says which task the review is about.
    const reviewed = await database.db.hitlRequest.findUniqueOrThrow({
      where: { id: firstReview },
      select: { task: { select: { title: true } } },
    });
    if (reviewed.task === null) throw new Error('the review gate has no task');
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Pending approvals' }) })
      .getByText(reviewed.task.title)
      .first()
      .waitFor();
    await page.goto(projectUrl);
    await pendingReview(null);
    const firstForm = page.locator(`article[aria-labelledby="request-${firstReview}"]`);
    await firstForm.getByRole('radio', { name: /Reject/ }).check();
    await shot('project-approvals');
    await firstForm.getByLabel('Reason (required)').fill('Add offline use: wards have poor reception.');
    await firstForm.getByRole('button', { name: 'Reject with reason' }).click();

    // The rework: the task goes back to its agent and comes back with a second version for review.
    await openTab('Timeline');
    await page.getByText('Add offline use: wards have poor reception.').first().waitFor();
    await openTab(/Approvals/);
    const secondReview = await pendingReview(firstReview);
    const secondForm = page.locator(`article[aria-labelledby="request-${secondReview}"]`);
    await secondForm.getByRole('radio', { name: /Approve/ }).check();
    await secondForm.getByRole('button', { name: 'Approve' }).click();

    // Completion arrives live (no reload): the status badge flips and every task is done.
    await page.locator('.metrics__percent', { hasText: '100%' }).waitFor({ timeout: 60_000 });
    // Spend from the simulated provider's llm_usage rows reaches the project's metrics.
    await expect.poll(() => page.locator('.metrics').textContent(), { timeout: 15_000 }).not.toContain('Not reported');
    await openTab('Graph');
    // tasks.list carries the dependencies: the graph draws one edge per dependency row.
    const dependencies = await database.db.taskDependency.count({ where: { task: { projectId } } });
    expect(dependencies).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.graph__edge').count()).toBe(dependencies);
    await shot('project-graph');
    await openTab('Live activity');
    await shot('project-activity');
    await openTab('Timeline');
    await shot('project-timeline');
  });

  it('opens an artifact and the diff between its rejected and approved versions', async () => {
    await openTab(/Artifacts/);
    const reviewed = page.locator('.list-button', { hasText: 'v2' }).first();
    await reviewed.click();
    await page.getByLabel('Compare with').selectOption({ label: 'v1' });
    // v2 was made from the rejection: the reviewer's reason shows up as an added line.
    await page.getByText('v1 → v2:').waitFor();
    await page.locator('ins, [class*="add"]', { hasText: 'Add offline use: wards have poor reception.' }).first().waitFor();
    await shot('project-artifact-diff');
  });

  it('downloads the artifacts as a project tree whose manifest matches the database', async () => {
    await openTab(/Artifacts/);
    const stored = await database.db.contextArtifact.findMany({
      where: { projectId },
      select: { id: true, logicalKey: true, version: true, contentHash: true, sourceAgent: true, isSimulated: true },
    });
    // No bundle was generated yet: the tree is built on request.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download current (ZIP)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Night_shift_habits-artifacts.zip');
    const savedPath = path.join(userDataDir, 'artifacts.zip');
    await download.saveAs(savedPath);
    const files = readZip(readFileSync(savedPath));
    const manifest = JSON.parse(files.get('manifest.json') ?? '{}') as {
      files: Array<{ path: string }>;
      artifacts: Array<{
        id: string;
        version: number;
        contentHash: string;
        sourceAgent: string;
        simulated: boolean;
        lineage: unknown[];
        olderVersions: Array<{ id: string }>;
      }>;
    };
    // The newest version of each logical artifact is in the tree; the older ones are listed.
    const latest = new Map<string, (typeof stored)[number]>();
    for (const artifact of stored)
      if ((latest.get(artifact.logicalKey)?.version ?? 0) < artifact.version) latest.set(artifact.logicalKey, artifact);
    expect(
      manifest.artifacts
        .map((entry) => ({
          id: entry.id,
          version: entry.version,
          contentHash: entry.contentHash,
          sourceAgent: entry.sourceAgent,
          isSimulated: entry.simulated,
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual([...latest.values()].map(({ logicalKey: _key, ...artifact }) => artifact).sort((a, b) => a.id.localeCompare(b.id)));
    const listed = manifest.artifacts.flatMap((entry) => [entry.id, ...entry.olderVersions.map((older) => older.id)]);
    expect(listed.sort()).toEqual(stored.map((artifact) => artifact.id).sort());
    for (const entry of manifest.files) expect(files.has(entry.path)).toBe(true);
    expect(files.has('README.md')).toBe(true);
    expect([...files.keys()].some((file) => file.startsWith('docs/'))).toBe(true);
    expect(manifest.artifacts.some((entry) => entry.lineage.length > 0)).toBe(true);
  });

  it('says "Reconnecting…" while the API is down, and back "Live" it shows the events written meanwhile', async () => {
    await openTab('Timeline');
    await page.locator('.connection--live').waitFor();
    await api.close();
    await page.getByText('Reconnecting…').waitFor();

    // Another process (here the test) keeps writing to the log while no API is up.
    const task = await database.db.task.findFirstOrThrow({ where: { projectId }, select: { id: true } });
    await appendEvent(database.db, {
      type: 'task.progress',
      severity: 'debug',
      projectId,
      taskId: task.id,
      payload: { progress: 100, message: 'Written while the API was down' },
    });

    api = createApiServer({ db: database.db, logger, catalog: catalogForRestart, databaseUrl: database.url, webDist, publicUrl: origin });
    await api.listen(apiPort, '127.0.0.1');
    await page.locator('.connection--live').waitFor({ timeout: 30_000 });
    await page.getByText('Written while the API was down').waitFor();
    await shot('project-reconnected');
  });

  it('tails the log of an open session live, lists its QA results, and terminates it', async () => {
    const task = await database.db.task.findFirstOrThrow({
      where: { projectId, status: 'completed' },
      select: { id: true, assignedAgentId: true },
    });
    const agent = await database.db.agent.findFirstOrThrow({ select: { id: true } });
    // A running session on a finished task: terminating it has nothing to retry, so the project stays as it is.
    const session = await database.db.agentSession.create({
      data: { agentId: task.assignedAgentId ?? agent.id, taskId: task.id, attempt: 99, status: 'running' },
      select: { id: true, agentId: true },
    });
    const loaded = 'fixture: iteration started\n';
    const iteration = await database.db.iteration.create({
      data: { sessionId: session.id, number: 1, status: 'running', logContent: loaded },
      select: { id: true },
    });
    await database.db.iterationQaResult.create({
      data: { iterationId: iteration.id, result: 'failed', findings: ['no tests for offline sync'], source: 'manual' },
    });

    await page.goto(`${origin}/sessions?session=${session.id}`);
    await page.getByText('fixture: iteration started').waitFor();
    await page.getByText('no tests for offline sync').waitFor();
    await page.locator('.connection--live').waitFor();

    await appendEvent(database.db, {
      type: 'iteration.log',
      severity: 'debug',
      projectId,
      taskId: task.id,
      agentId: session.agentId,
      sessionId: session.id,
      payload: { iterationId: iteration.id, number: 1, offset: loaded.length, lines: ['live: writing the offline sync tests'] },
    });
    await page.getByText('live: writing the offline sync tests').waitFor();
    await shot('session-live');

    await page.getByRole('button', { name: 'Terminate' }).click();
    await page.getByRole('button', { name: 'Yes, terminate' }).click();
    await expect
      .poll(async () => (await database.db.agentSession.findUniqueOrThrow({ where: { id: session.id }, select: { status: true } })).status)
      .toBe('terminated');
    await page
      .getByText(/terminated by a person/)
      .first()
      .waitFor();
  });

  it('shows the token spend of the simulated provider on the overview chart', async () => {
    await page.goto(`${origin}/`);
    const spendRows = page.locator('table', { has: page.locator('caption', { hasText: 'Tokens spent per period' }) }).locator('tbody tr');
    await spendRows.first().waitFor({ state: 'attached' });
    const spent = await database.db.llmUsage.aggregate({ _sum: { totalTokens: true } });
    expect(spent._sum.totalTokens ?? 0).toBeGreaterThan(0);
    const shown = (await spendRows.locator('td:nth-child(2)').allTextContents()).reduce((sum, cell) => sum + Number(cell), 0);
    expect(shown).toBe(spent._sum.totalTokens);
  });

  it('shows the project at phone width with the menu behind a button', async () => {
    await page.goto(`${origin}/projects/${projectId}?tab=graph`);
    await page.setViewportSize(PHONE);
    await openTab('Graph');
    await expect.poll(() => page.getByRole('button', { name: 'Open menu' }).isVisible()).toBe(true);
    await shot('project-phone');
    await page.setViewportSize(LAPTOP);
  });

  it.each([
    ['agents', 'Agents'],
    ['sessions', 'Sessions'],
    ['settings', 'Settings'],
    ['search', 'Search'],
    ['projects', 'Projects'],
  ])('renders the %s page with data from the API', async (slug, heading) => {
    await page.goto(`${origin}/${slug}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    if (slug === 'agents')
      await page
        .getByRole('cell', { name: /analyst/i })
        .first()
        .waitFor();
    if (slug === 'sessions') await page.locator('table tbody tr, .list li').first().waitFor();
    if (slug === 'projects') await page.getByRole('link', { name: 'Night shift habits' }).waitFor();
    // The team's agents run on the simulated provider, so Settings lists it.
    if (slug === 'settings') await page.getByRole('rowheader', { name: /simulated/ }).waitFor();
    await shot(slug);
  });

  it('follows the dark theme when toggled, and keeps it after a reload', async () => {
    await page.goto(`${origin}/`);
    const toggle = page.getByRole('button', { name: /Switch to dark theme/ });
    await toggle.click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await shot('overview-dark');
  });

  it('logs out back to the login page, and the old page is no longer reachable', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${origin}/login`);
    await page.goto(`${origin}/agents`);
    await page.waitForURL(`${origin}/login`);
  });
});
