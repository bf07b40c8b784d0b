import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, vi } from 'vitest';

export const NOTES_PACK = 'test/fixtures/packs/notes';

const scratchDirs: string[] = [];
afterAll(async () => {
  await Promise.all(scratchDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A scratch directory holding a copy of the notes pack plus the given extra or replaced files. */
export async function tempPack(files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'toolgate-codegen-'));
  scratchDirs.push(root);
  const pack = path.join(root, 'pack');
  const base: Record<string, string> = {};
  for (const file of ['service.yaml', 'tools/create-note.yaml', 'tools/get-note.yaml', 'tools/list-notes.yaml']) {
    base[file] = await readFile(path.join(NOTES_PACK, file), 'utf8');
  }
  for (const [file, text] of Object.entries({ ...base, ...files })) {
    await mkdir(path.dirname(path.join(pack, file)), { recursive: true });
    await writeFile(path.join(pack, file), text);
  }
  return root;
}

/** A Tool manifest with the given name and input/output schemas (YAML flow style is JSON). */
export function toolYaml(name: string, input: object, output: object = { type: 'object' }): string {
  return [
    'apiVersion: toolgate/v1',
    'kind: Tool',
    `name: ${name}`,
    `title: ${name}`,
    `description: Test tool ${name}.`,
    'effect: read',
    'scopes: [notes.read]',
    `input: ${JSON.stringify(input)}`,
    'request: { method: GET, path: /notes }',
    `response: { output: ${JSON.stringify(output)} }`,
    '',
  ].join('\n');
}

/** Runs a CLI command with console output captured as lines. */
export async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  try {
    const code = await run();
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
