import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManifests } from '../../engine/manifest/check.js';
import type * as CheckInWorker from '../../engine/manifest/check-in-worker.js';
import type * as Serve from '../../engine/serve.js';
import { appliedIds, openStore } from '../../engine/store/index.js';
import { buildBundle, buildEngine, type BundleBuild, type EngineBuild } from '../support/build-engine.js';
import { runCli, type CliRun } from '../support/cli.js';
import { startNotesUpstream, type NotesUpstream } from '../support/notes-upstream.js';
import { call, connectClient, copyPack, NOTES_PACK, type PackCopy } from '../support/stack.js';

// From the build, `toolgate serve` checks its manifests on a worker thread (manifest/check-in-worker.ts);
// from the sources, as every other test runs it, in-process. These tests run the worker for real,
// from a fresh build of the sources, and hold it to the in-process check: same data, same errors,
// same output, and a worker that fails is a start-up error, never a hang.

let engine: EngineBuild;
let bundle: BundleBuild;
let built: typeof CheckInWorker;
let upstream: NotesUpstream;
let bad: PackCopy;

beforeAll(async () => {
  [engine, bundle, upstream, bad] = await Promise.all([buildEngine(), buildBundle(), startNotesUpstream(), copyPack()]);
  built = (await import(pathToFileURL(path.join(engine.dir, 'engine/manifest/check-in-worker.js')).href)) as typeof CheckInWorker;
  // Errors (a read tool that writes) and a warning (a scope description too short to consent to).
  await bad.edit('tools/update-note.yaml', 'effect: write', 'effect: read');
  await bad.edit('service.yaml', 'description: Read notes and projects.', 'description: Read.');
});
afterAll(async () => {
  await Promise.all([engine?.remove(), bundle?.remove(), upstream?.close(), bad?.remove()]);
});

describe('checkManifestsInWorker', () => {
  it.each([
    ['a clean pack', [NOTES_PACK]],
    ['a pack with errors and a warning', () => [bad.dir]],
    ['every lint fixture', ['test/fixtures/lint']],
    ['the shipped manifests', ['manifests']],
  ])('gives what the in-process check gives: %s', async (_, given) => {
    const paths = typeof given === 'function' ? given() : given;
    const expected = await checkManifests(paths);
    expect(expected.packs.length + expected.diagnostics.length).toBeGreaterThan(0);
    const check = built.checkManifestsInWorker(paths);
    // The packs come first, before the lint, for the compile to start on.
    expect(await check.loaded).toEqual(expected.packs);
    expect(await check.checked).toEqual(expected);
  });

  it('rethrows what the check throws, as the check threw it', async () => {
    const missing = 'test/fixtures/does-not-exist';
    const failure = (promise: Promise<unknown>) => promise.then(() => new Error('resolved'), (e: Error) => e);
    const inProcess = await failure(checkManifests([missing]));
    const check = built.checkManifestsInWorker([missing]);
    const [loaded, checked] = await Promise.all([failure(check.loaded), failure(check.checked)]);
    expect(inProcess.message).toMatch(/no such file or directory/);
    for (const inWorker of [loaded, checked]) expect([inWorker.name, inWorker.message]).toEqual([inProcess.name, inProcess.message]);
  });

  it.each([
    ['throws while loading', 'throw new Error("boom");', /failed: boom/],
    ['cannot load a module', 'import "./no-such-module.js";', /failed: Cannot find module/],
    ['exits', 'process.exit(3);', /exit code 3/],
    ['ends without answering', '', /exit code 0/],
  ])('is a manifest_check_failed error when the worker %s', async (name, source, message) => {
    const entry = path.join(engine.dir, `failing-worker-${name.replaceAll(' ', '-')}.js`);
    await writeFile(entry, source);
    const check = built.checkManifestsInWorker([NOTES_PACK], { entry: pathToFileURL(entry) });
    await expect(check.checked).rejects.toMatchObject({ code: 'manifest_check_failed', message: expect.stringMatching(message) });
    await expect(check.loaded).rejects.toMatchObject({ code: 'manifest_check_failed' });
  });
});

describe('startServer from the build', () => {
  it('stops with a start-up error when the worker crashes, and closes the store it opened', async () => {
    // A second build whose worker throws as it starts.
    const broken = `${engine.dir}-broken`;
    await cp(engine.dir, broken, { recursive: true, verbatimSymlinks: true });
    try {
      await writeFile(path.join(broken, 'engine/manifest/check-worker.js'), 'throw new Error("the worker broke");');
      const { startServer } = (await import(pathToFileURL(path.join(broken, 'engine/serve.js')).href)) as typeof Serve;
      const { silentLogger } = await import('../../engine/log.js');
      let closed = 0;
      const store = async () => {
        const s = await openStore();
        return { ...s, close: async () => { closed += 1; await s.close(); } };
      };
      await expect(startServer({ manifests: [NOTES_PACK], port: 0, logger: silentLogger(), env: { NOTES_BASE_URL: upstream.url }, store })).rejects.toMatchObject({
        code: 'manifest_check_failed',
        message: expect.stringContaining('the worker broke'),
      });
      expect(closed).toBe(1);
    } finally {
      await import('node:fs/promises').then((fs) => fs.rm(broken, { recursive: true, force: true }));
    }
  });
});

describe('startServer from the build (the compile starts while the worker lints)', () => {
  // The packs reach the compile before the lint has judged them: a compile error must still come
  // only after the lint's, as it did when the compile ran after the lint.
  it.each([
    ['the compile error when the lint passes', false, /^notes: upstream\.headers\.x-api-key: environment variable NOTES_API_KEY is not set$/],
    ["the lint's errors when both fail", true, /^The manifests have errors:\n/],
  ])('reports %s', async (_, lintErrors, message) => {
    const pack = await copyPack();
    try {
      await pack.edit('service.yaml', '${NOTES_API_KEY:-dev-key}', '${NOTES_API_KEY}');
      if (lintErrors) await pack.edit('tools/update-note.yaml', 'effect: write', 'effect: read');
      const { startServer } = (await import(pathToFileURL(path.join(engine.dir, 'engine/serve.js')).href)) as typeof Serve;
      const { silentLogger } = await import('../../engine/log.js');
      let closed = 0;
      const store = async () => {
        const s = await openStore();
        return { ...s, close: async () => { closed += 1; await s.close(); } };
      };
      await expect(startServer({ manifests: [pack.dir], port: 0, logger: silentLogger(), env: { NOTES_BASE_URL: upstream.url }, store })).rejects.toMatchObject({
        code: 'configuration_error',
        message: expect.stringMatching(message),
      });
      expect(closed).toBe(1);
    } finally {
      await pack.remove();
    }
  });
});

describe('startServer from the build (the store while the worker lints)', () => {
  it('writes nothing to the store when the manifests are bad, migrates once they pass, and starts on a migrated store', async () => {
    const { startServer } = (await import(pathToFileURL(path.join(engine.dir, 'engine/serve.js')).href)) as typeof Serve;
    const { silentLogger } = await import('../../engine/log.js');
    const { auditMigrations } = await import('../../engine/audit/migrations.js');
    const store = await openStore();
    const pack = await copyPack();
    try {
      await pack.edit('tools/update-note.yaml', 'effect: write', 'effect: read');
      const options = { port: 0, logger: silentLogger(), env: { NOTES_BASE_URL: upstream.url }, store };
      await expect(startServer({ ...options, manifests: [pack.dir] })).rejects.toMatchObject({ message: expect.stringMatching(/^The manifests have errors:\n/) });
      expect(await appliedIds(store, auditMigrations.namespace)).toEqual([]);
      for (let start = 0; start < 2; start++) {
        const server = await startServer({ ...options, manifests: [NOTES_PACK] });
        try {
          expect(await appliedIds(store, auditMigrations.namespace)).toEqual(auditMigrations.migrations.map((m) => m.id));
          const client = await connectClient(server.mcpUrls.notes!);
          expect((await client.listTools()).tools.length).toBe(6);
          await client.close();
        } finally {
          await server.close();
        }
      }
    } finally {
      await pack.remove();
      await store.close();
    }
  });
});

describe.concurrent('toolgate serve from the bundle (npm run build)', () => {
  it('serves the pack', async () => {
    const run = runBuilt(['serve', '--manifests', NOTES_PACK, '--port', '0', '--no-auth', '--data-dir', 'memory://']);
    try {
      const [, count, url] = (await run.waitFor(/toolgate: serving notes \((\d+) tools\) at (\S+)\n/))!;
      expect(Number(count)).toBe(6);
      const client = await connectClient(url!);
      expect((await call(client, 'get_note', { id: 'n-3' })).structuredContent).toMatchObject({ id: 'n-3', title: 'Groceries' });
      await client.close();
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });

  it('reports bad manifests exactly as serve from the sources does (in-process)', async () => {
    const args = ['serve', '--manifests', bad.dir, '--port', '0', '--no-auth', '--data-dir', 'memory://'];
    const fromBuild = runBuilt(args);
    const fromSources = runCli(args, { NOTES_BASE_URL: upstream.url });
    expect([await fromBuild.exited, await fromSources.exited]).toEqual([1, 1]);
    const file = path.join(bad.dir, 'tools/update-note.yaml');
    expect(fromBuild.stderr()).toContain('toolgate serve: The manifests have errors:');
    expect(fromBuild.stderr()).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error \\[[a-z-]+\\] `));
    expect(fromBuild.stderr()).toMatch(/"msg":"[^"]*service\.yaml:\d+:\d+: warning \[scope-description\]/);
    expect(withoutLogTimes(fromBuild.stderr())).toBe(withoutLogTimes(fromSources.stderr()));
  });
});

/** `toolgate <args>` from the bundle: plain Node, no TypeScript loader, so the worker runs. */
function runBuilt(args: string[]): CliRun {
  return runCli(args, { NOTES_BASE_URL: upstream.url }, { entry: bundle.main });
}

/** Log lines differ in their time and pid only. */
function withoutLogTimes(stderr: string): string {
  return stderr.replace(/"time":\d+,/g, '').replace(/"pid":\d+,/g, '');
}
