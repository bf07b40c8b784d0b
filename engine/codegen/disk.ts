import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isGeneratedText } from './header.js';
import { compareCodeUnits } from './names.js';

export interface Drift {
  file: string;
  problem: 'differs' | 'missing' | 'stale';
}

/** How the output directory differs from what generation produced; empty when it is current. */
export async function compareWithDisk(out: string, files: ReadonlyMap<string, string>): Promise<Drift[]> {
  const drift: Drift[] = [];
  for (const [file, text] of files) {
    const current = await readText(path.join(out, file));
    if (current === undefined) drift.push({ file, problem: 'missing' });
    else if (current !== text) drift.push({ file, problem: 'differs' });
  }
  for (const file of await staleFiles(out, files)) drift.push({ file, problem: 'stale' });
  return drift.sort((a, b) => compareCodeUnits(a.file, b.file));
}

export interface WriteResult {
  written: string[];
  removed: string[];
}

/** Writes only files whose content changed (watchers and mtimes stay quiet) and removes stale ones. */
export async function writeGenerated(out: string, files: ReadonlyMap<string, string>): Promise<WriteResult> {
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  for (const [file, text] of files) {
    if ((await readText(path.join(out, file))) === text) continue;
    await writeFile(path.join(out, file), text, 'utf8');
    written.push(file);
  }
  const removed = await staleFiles(out, files);
  for (const file of removed) await rm(path.join(out, file));
  return { written, removed };
}

/**
 * Files we generated once for a pack that no longer exists. Only files that carry our header
 * count, so a hand-written file that happens to sit in the directory is never touched.
 */
async function staleFiles(out: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const entries = await readdir(out, { withFileTypes: true }).catch(() => []);
  const stale: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || files.has(entry.name)) continue;
    const text = await readText(path.join(out, entry.name));
    if (text !== undefined && isGeneratedText(text)) stale.push(entry.name);
  }
  return stale.sort(compareCodeUnits);
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}
