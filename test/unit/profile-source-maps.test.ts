import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeProfile } from '../../bench/lib/profile.js';

// `npm run bench -- --profile` summarizes a .cpuprofile of the bundled build: its frames are in
// dist/chunk-*.js, and the summary charges them to the sources through the bundle's source maps.

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'toolgate-profile-'));
  await mkdir(path.join(dir, 'engine'));
  await writeFile(path.join(dir, 'engine/hot.ts'), 'export function hot(n: number): number {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i;\n  return s;\n}\n');
  await writeFile(path.join(dir, 'engine/main.ts'), "import { hot } from './hot.js';\nconsole.log(hot(10));\n");
  bundle = path.join(dir, 'dist/main.js');
  await build({ entryPoints: [path.join(dir, 'engine/main.ts')], outfile: bundle, bundle: true, format: 'esm', platform: 'node', sourcemap: true, logLevel: 'silent' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function profileOf(frames: Array<{ functionName: string; url: string; lineNumber: number; columnNumber: number }>): Promise<string> {
  const nodes = [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }, children: frames.map((_, i) => i + 2) },
    ...frames.map((callFrame, i) => ({ id: i + 2, callFrame })),
  ];
  const file = path.join(dir, `p-${Math.random().toString(36).slice(2)}.cpuprofile`);
  await writeFile(file, JSON.stringify({ nodes, samples: frames.map((_, i) => i + 2), timeDeltas: frames.map(() => 2000) }));
  return file;
}

describe('summarizeProfile over a bundle', () => {
  it('charges a bundled frame to its source file, line and function', async () => {
    const lines = (await readFile(bundle, 'utf8')).split('\n');
    const line = lines.findIndex((l) => l.includes('function hot('));
    const column = lines[line]!.indexOf('function hot(');
    const summary = await summarizeProfile(await profileOf([{ functionName: 'hot', url: pathToFileURL(bundle).href, lineNumber: line, columnNumber: column }]));
    expect(summary.byPackage.map((s) => s.label)).toEqual(['engine/hot.ts']);
    expect(summary.byOwner.map((s) => s.label)).toEqual(['hot engine/hot.ts:1']);
  });

  it('keeps a frame that has no source map as it is', async () => {
    const summary = await summarizeProfile(await profileOf([{ functionName: 'readFile', url: 'node:fs', lineNumber: 10, columnNumber: 2 }]));
    expect(summary.byPackage.map((s) => s.label)).toEqual(['node:fs']);
  });
});
