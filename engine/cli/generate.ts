import { parseCommandArgs } from './args.js';
import { compareWithDisk, writeGenerated } from '../codegen/disk.js';
import { displayPath, generateTypes } from '../codegen/generate.js';
import { formatDiagnostic } from '../manifest/diagnostic.js';

const DEFAULT_MANIFESTS = 'manifests';
const DEFAULT_OUT = 'generated';

export const GENERATE_USAGE = `Usage: toolgate generate [--manifests DIR]... [--out DIR] [--packs-only] [--check]

Writes TypeScript: from the manifest JSON Schema, <out>/manifest.ts (the manifests' types) and
<out>/manifest-validator.ts (the schema's validator, ajv standalone code, which toolgate uses instead
of compiling the schema at start-up), and <out>/<pack>.ts for each pack (per tool an input and an
output type, the name → { input, output } map, the names).

Options:
  --manifests DIR  a pack directory or manifest file; repeat for more (default: ${DEFAULT_MANIFESTS}/)
  --out DIR        where the files go (default: ${DEFAULT_OUT}/)
  --packs-only     leave out the schema's two files (for packs generated beside their own code)
  --check          write nothing; exit 1 and list each file that is out of date, missing or stale
  -h, --help       show this help

Exit codes: 0 done or current, 1 manifest errors or (with --check) out of date, 2 bad usage.`;

export async function runGenerateCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'generate',
    argv,
    {
      options: {
        manifests: { type: 'string', multiple: true },
        out: { type: 'string' },
        'packs-only': { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    GENERATE_USAGE,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const manifests = (values.manifests ?? [DEFAULT_MANIFESTS]).map(displayPath);
  const out = displayPath(values.out ?? DEFAULT_OUT);
  const packsOnly = values['packs-only'];
  const command = regenerateCommand(manifests, out, packsOnly);
  let result;
  try {
    result = await generateTypes({ manifests, command, packsOnly });
  } catch (error) {
    console.error(`toolgate generate: ${(error as Error).message}`);
    return 1;
  }
  if (result.diagnostics.length > 0) {
    for (const d of result.diagnostics) console.error(formatDiagnostic(d));
    console.error(`toolgate generate: ${result.diagnostics.length} error(s); nothing was written.`);
    return 1;
  }
  return values.check ? check(out, result.files, command) : write(out, result.files);
}

async function check(out: string, files: ReadonlyMap<string, string>, command: string): Promise<number> {
  const drift = await compareWithDisk(out, files);
  if (drift.length === 0) {
    console.log(`toolgate generate: ${files.size} file(s) in ${out}/ are current.`);
    return 0;
  }
  const problems = { differs: 'out of date', missing: 'missing', stale: 'stale (no pack generates it any more)' };
  for (const d of drift) console.error(`${out}/${d.file}: ${problems[d.problem]}`);
  console.error(`toolgate generate: run \`${command}\` and commit the result.`);
  return 1;
}

async function write(out: string, files: ReadonlyMap<string, string>): Promise<number> {
  const { written, removed } = await writeGenerated(out, files);
  for (const file of written) console.log(`wrote ${out}/${file}`);
  for (const file of removed) console.log(`removed ${out}/${file}`);
  if (written.length + removed.length === 0) console.log(`toolgate generate: ${files.size} file(s) in ${out}/ already current.`);
  return 0;
}

/** The command for the DO NOT EDIT header: short for the defaults, exact otherwise. */
function regenerateCommand(manifests: readonly string[], out: string, packsOnly: boolean): string {
  const args: string[] = [];
  const defaults = manifests.length === 1 && manifests[0] === DEFAULT_MANIFESTS;
  if (!defaults) for (const m of manifests) args.push('--manifests', quote(m));
  if (out !== DEFAULT_OUT) args.push('--out', quote(out));
  if (packsOnly) args.push('--packs-only');
  return args.length === 0 ? 'npm run generate' : `npm run generate -- ${args.join(' ')}`;
}

function quote(arg: string): string {
  return /^[\w./@:-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

