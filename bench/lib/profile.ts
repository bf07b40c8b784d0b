/**
 * Where the time goes, from a V8 .cpuprofile (`node --cpu-prof`): self time by package or file,
 * and self time attributed to the innermost frame of our own code on the stack, so that time
 * spent inside a library is charged to the engine function that called it.
 */
import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  label: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  byPackage: ProfileShare[];
  byOwner: ProfileShare[];
}

const OURS = /\/(dist\/)?(engine|sandbox)\//;

export async function summarizeProfile(file: string, top = 20): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  await toSources(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i] ?? 0;
    total += d;
    self.set(id, (self.get(id) ?? 0) + d);
  });
  const packages = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, t] of self) {
    const frame = byId.get(id)!.callFrame;
    add(packages, packageOf(frame), t);
    let cur: number | undefined = id;
    let owner = '(outside engine code: GC, idle, node internals, libraries called from them)';
    while (cur !== undefined) {
      const cf = byId.get(cur)!.callFrame;
      if (OURS.test(cf.url)) {
        owner = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*\/(dist\/)?((engine|sandbox)\/)/, '$2')}:${cf.lineNumber + 1}`;
        break;
      }
      cur = parent.get(cur);
    }
    add(owners, owner, t);
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([label, us]) => ({ label, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, byPackage: rank(packages), byOwner: rank(owners) };
}

function add(map: Map<string, number>, key: string, t: number): void {
  map.set(key, (map.get(key) ?? 0) + t);
}

function packageOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(dist\/)?((?:engine|sandbox)\/.*)$/.exec(url);
  if (ours) return ours[2]!;
  if (url.startsWith('node:')) return url;
  return url || frame.functionName || '(unknown)';
}

export function profileTable(summary: ProfileSummary, title: string): string {
  const row = (s: ProfileShare) => `| ${s.label} | ${s.ms.toFixed(0)} | ${(s.share * 100).toFixed(1)} % |`;
  return [
    `${title} (${summary.totalMs.toFixed(0)} ms sampled)`,
    '',
    '| self time by package or file | ms | share |',
    '|---|---:|---:|',
    ...summary.byPackage.map(row),
    '',
    '| self time charged to the innermost engine frame | ms | share |',
    '|---|---:|---:|',
    ...summary.byOwner.map(row),
  ].join('\n');
}

/**
 * Frames of the bundled build (dist/, scripts/build.ts) mapped back to their sources through the
 * bundle's source maps, so that time is charged to engine/… and to each package as it was before
 * the bundle. A frame without a map (Node's own modules, packages left out of the bundle) is kept.
 */
async function toSources(profile: CpuProfile): Promise<void> {
  const maps = new Map<string, Promise<SourceMap | undefined>>();
  const mapOf = (url: string) => {
    let map = maps.get(url);
    if (!map) {
      const file = fileURLToPath(url);
      map = readFile(`${file}.map`, 'utf8').then((text) => new SourceMap(JSON.parse(text) as never), () => undefined);
      maps.set(url, map);
    }
    return map;
  };
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    if (!frame.url.startsWith('file://') || !frame.url.endsWith('.js') || frame.lineNumber < 0) continue;
    const map = await mapOf(frame.url);
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) continue;
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(fileURLToPath(frame.url)), entry.originalSource);
    frame.url = source;
    frame.lineNumber = entry.originalLine ?? frame.lineNumber;
  }
}
