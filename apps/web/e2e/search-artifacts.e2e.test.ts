import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiServer, ensureFirstAdmin, type ApiServer, type AppRouter } from '@quarterdeck/api';
import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { createTestDatabase, freePort, type TestDatabase } from '@quarterdeck/db/testing';
import { startWorkerProcess, type WorkerProcess } from '@quarterdeck/worker';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import { unzipSync } from 'fflate';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Search and readable artifacts, end to end: the real API serving the built dashboard, a
// real worker running the whole software-delivery workflow on the simulated provider, one
// fresh database, Debian's Chromium. A person presses "/", finds a decision by a word of one
// of its votes, opens it, reads the rendered specification and code, generates the bundle
// and downloads it.

const webDist = path.resolve(import.meta.dirname, '../dist');
const screenshots = path.resolve(import.meta.dirname, 'screenshots');
const logger = pino({ level: 'silent' });
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
let userDataDir: string;
let client: TRPCClient<AppRouter>;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const catalog = await loadTemplates(defaultTemplatesDir());
  const admin = await ensureFirstAdmin(database.db, origin);
  if (admin === null) throw new Error('a fresh database must get a first admin and a login link');
  api = createApiServer({ db: database.db, logger, catalog, databaseUrl: database.url, webDist, publicUrl: origin });
  await api.listen(port, '127.0.0.1');
  worker = await startWorkerProcess({
    databaseUrl: database.url,
    concurrency: 3,
    heartbeatMs: 1_000,
    deadAfterMs: 10_000,
    logger,
    poolThreads: 1,
  });
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'qd-chromium-search-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);

  // Sign in as a person does (the one-time link), then drive setup with the same token.
  await page.goto(admin.url);
  await page.waitForURL(`${origin}/`);
  const token = await page.evaluate(() => localStorage.getItem('quarterdeck.token'));
  if (token === null) throw new Error('signing in stored no token');
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${origin}/trpc`, headers: { authorization: `Bearer ${token}` } })] });
});

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

/** Approves every review the run opens until the project is complete. */
async function runToCompletion(id: string) {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    const project = await client.projects.get.query({ projectId: id });
    if (project.status === 'completed') return;
    const pending = await client.hitl.listForProject.query({ projectId: id, status: 'pending', limit: 10 });
    for (const request of pending.items) await client.hitl.respond.mutate({ hitlRequestId: request.id, action: 'approve' });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the software-delivery run did not complete in time');
}

describe('search and readable artifacts in the browser', () => {
  it('runs a software-delivery project on the simulated provider and records a decision', async () => {
    const { project } = await client.projects.create.mutate({
      productIdea: 'A shift handover board for hospital wards',
      name: 'Ward handover',
      workflowTemplateId: 'software-delivery',
    });
    projectId = project.id;
    await runToCompletion(projectId);
    await client.decisions.record.mutate({
      projectId,
      problem: 'Where does the handover board keep notes while offline?',
      variants: [
        { id: 'local', title: 'In the browser (IndexedDB)' },
        { id: 'server', title: 'Only on the server' },
      ],
      votes: [
        {
          voterName: 'technical_architect',
          variantId: 'local',
          reason: 'Wards lose reception; a quetzal-proof local cache keeps notes safe',
        },
        { voterName: 'resource_coordinator', variantId: 'server', reason: 'One copy is simpler to back up' },
      ],
      chosenVariantId: 'local',
      justification: 'Notes must survive a dead zone',
    });
  });

  it('focuses search with "/" from any page, finds the decision by a word of a vote, and opens it', async () => {
    await page.goto(`${origin}/agents`);
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await page.keyboard.press('/');
    await page.waitForURL(`${origin}/search`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await page.keyboard.type('quetzal');
    await page.keyboard.press('Enter');

    const decisions = page.locator('section[aria-labelledby="search-group-decision"]');
    await decisions.getByText('Where does the handover board keep notes while offline?').waitFor();
    await expect.poll(() => decisions.locator('mark').first().textContent()).toBe('quetzal');
    // The facet counts the decision; the kind filter narrows to it.
    await page.getByRole('checkbox', { name: /Decisions/ }).check();
    await page.waitForURL(/kinds=decision/);
    await shot('search-results');

    await decisions.getByRole('link', { name: 'Where does the handover board keep notes while offline?' }).click();
    await page.waitForURL(`${origin}/projects/${projectId}`);
    await page.getByRole('heading', { level: 1, name: /Ward handover/ }).waitFor();
  });

  it('reads the specification as a rendered document, code with its file tree, and the JSON', async () => {
    await page.goto(`${origin}/projects/${projectId}?tab=artifacts`);
    await page.locator('.list-button', { hasText: 'Write the software specification' }).click();
    const documentView = page.getByRole('document');
    await documentView.getByRole('heading', { level: 1, name: /Software specification/ }).waitFor();
    await documentView.getByRole('heading', { level: 2, name: 'Requirements' }).waitFor();
    expect(await documentView.locator('ol li').count()).toBeGreaterThan(0);
    // The review gate's answer: who approved this version.
    await page.locator('.artifact-reviews').getByText('Administrator').waitFor();
    await shot('artifact-specification');

    await page.locator('.list-button', { hasText: /code/ }).first().click();
    await page.locator('.code-view').first().waitFor();
    expect(await page.locator('.code-view .token').count()).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: 'Files' }).getByRole('button').first().waitFor();
    await shot('artifact-code');

    await page.getByRole('button', { name: 'JSON' }).click();
    await page.locator('.json-view').waitFor();
    await shot('artifact-json');
  });

  it('generates the bundle, sees it become downloadable live, and downloads a tree with docs/ and src/', async () => {
    await page.goto(`${origin}/projects/${projectId}?tab=artifacts`);
    await page.getByRole('button', { name: 'Generate bundle' }).click();
    const downloadButton = page.getByRole('button', { name: 'Download ZIP' });
    await downloadButton.waitFor();
    await shot('artifact-bundle');
    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    expect(download.suggestedFilename()).toBe('Ward_handover-artifacts.zip');
    const savedPath = path.join(userDataDir, 'bundle.zip');
    await download.saveAs(savedPath);
    const files = Object.keys(unzipSync(new Uint8Array(readFileSync(savedPath))));
    expect(files).toContain('README.md');
    expect(files).toContain('manifest.json');
    expect(files).toContain('docs/specification.md');
    expect(files).toContain('docs/decisions.md');
    expect(files.some((file) => file.startsWith('src/') && file.endsWith('.ts'))).toBe(true);
    for (const file of files) expect(file).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
