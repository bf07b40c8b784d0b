/**
 * A pack of N generated tools for the scale run: copies of the gainsight-cs pack's own manifests
 * (its reads and composites, and its writes plus the write templates), renamed `<name>_<nnnn>`,
 * in a realistic mix: 60 % reads, 25 % writes, 15 % composites. Every file is a valid manifest,
 * so `toolgate lint` and `toolgate serve` do all their real work on each.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { WRITE_TEMPLATES } from './write-templates.js';

export interface GeneratedPack {
  dir: string;
  tools: number;
  counts: { read: number; write: number; composite: number };
  /** A generated copy of resolve_company, for the load on the scale server. */
  readTool: string;
}

type Manifest = Record<string, unknown> & { name: string; effect?: string; type?: string };

const MIX: ReadonlyArray<['read' | 'write' | 'composite', number]> = [
  ['read', 0.6],
  ['write', 0.25],
  ['composite', 0.15],
];

export async function generatePack(packDir: string, count: number): Promise<GeneratedPack> {
  const files = await yamlFiles(packDir);
  let service: string | undefined;
  const byName = new Map<string, Manifest>();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const doc = parse(text) as Manifest;
    if (doc.kind === 'Service') service = text;
    else if (doc.kind === 'Tool') byName.set(doc.name, doc);
  }
  if (!service) throw new Error(`no Service manifest in ${packDir}`);
  for (const text of WRITE_TEMPLATES) {
    const doc = parse(text) as Manifest;
    if (!byName.has(doc.name)) byName.set(doc.name, doc);
  }
  const pools = { read: [] as Manifest[], write: [] as Manifest[], composite: [] as Manifest[] };
  for (const doc of byName.values()) pools[doc.type === 'composite' ? 'composite' : doc.effect === 'write' ? 'write' : 'read'].push(doc);
  for (const [kind, list] of Object.entries(pools)) if (list.length === 0) throw new Error(`the pack in ${packDir} has no ${kind} tool to copy`);
  pools.read.sort((a, b) => (a.name === 'resolve_company' ? -1 : b.name === 'resolve_company' ? 1 : a.name.localeCompare(b.name)));

  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'toolgate-scale-')), 'pack');
  await mkdir(path.join(dir, 'tools'), { recursive: true });
  await writeFile(path.join(dir, 'service.yaml'), service);
  const counts = { read: 0, write: 0, composite: 0 };
  const width = String(count - 1).length;
  let readTool = '';
  for (let i = 0; i < count; i++) {
    const kind = pick(i, counts);
    const pool = pools[kind];
    const template = pool[counts[kind] % pool.length]!;
    counts[kind]++;
    const suffix = String(i).padStart(Math.max(4, width), '0');
    const name = `${template.name}_${suffix}`;
    if (template.name === 'resolve_company' && !readTool) readTool = name;
    const copy = distinct({ ...template, name, title: `${String(template.title)} (${suffix})` }, suffix);
    await writeFile(path.join(dir, 'tools', `${suffix}-${template.name.replace(/_/g, '-')}.yaml`), stringify(copy, { lineWidth: 0 }));
  }
  return { dir, tools: count, counts, readTool };
}

/**
 * Real tools do not share their response mapping word for word, and the linter and the runtime
 * may cache by expression text: each copy's JSONata selects get a comment of their own, which
 * changes the text and nothing else, so every copy is parsed as a tool of its own would be.
 */
function distinct(tool: Manifest, suffix: string): Manifest {
  const tag = (select: unknown) => (typeof select === 'string' ? `/* ${tool.name} ${suffix} */ ${select}` : select);
  const response = tool.response as Record<string, unknown> | undefined;
  const steps = tool.steps as Array<Record<string, unknown>> | undefined;
  return {
    ...tool,
    ...(response ? { response: { ...response, select: tag(response.select) } } : {}),
    ...(steps ? { steps: steps.map((step) => (step.select === undefined ? step : { ...step, select: tag(step.select) })) } : {}),
  };
}

/** Deterministic spread of the mix over the sequence: each tool gets the kind furthest behind its share. */
function pick(i: number, counts: Record<'read' | 'write' | 'composite', number>): 'read' | 'write' | 'composite' {
  let best: 'read' | 'write' | 'composite' = 'read';
  let behind = -Infinity;
  for (const [kind, share] of MIX) {
    const gap = share * (i + 1) - counts[kind];
    if (gap > behind) {
      behind = gap;
      best = kind;
    }
  }
  return best;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await yamlFiles(full)));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}
