import type { Diagnostic } from '../manifest/diagnostic.js';
import type { Pack } from '../manifest/packs.js';
import { VALIDATOR_FILE } from './manifest-validator.js';
import { compareCodeUnits, pascalCase } from './names.js';
import { schemaRefs } from './tool-schemas.js';

/** The schema's types file: a pack of this name would overwrite it. */
export const MANIFEST_FILE = 'manifest.ts';

/**
 * What the schema allows but generation cannot: two tools whose names give one type name
 * (`list_notes`, `list-notes`), two packs writing one file, a pack named like the schema's file,
 * a `$ref` that leaves the tool's own schema (types are built from the manifests alone).
 */
export function checkGeneratable(packs: readonly Pack[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, Pack>();
  for (const pack of packs) {
    const service = pack.service;
    const file = `${service.manifest.name}.ts`;
    const clash = files.get(file);
    if (file === MANIFEST_FILE || file === VALIDATOR_FILE) {
      const what = file === MANIFEST_FILE ? "the schema's types" : "the schema's validator";
      diagnostics.push(error(service.doc.file, service.doc.position(['name']), `The pack name \`${service.manifest.name}\` would overwrite ${what} (${file}); rename the pack.`));
    } else if (clash) {
      diagnostics.push(error(service.doc.file, service.doc.position(['name']), `${clash.service.doc.file} already names a pack \`${service.manifest.name}\`; both would generate ${file}, so rename one.`));
    }
    files.set(file, pack);
    diagnostics.push(...checkToolNames(pack), ...checkRefs(pack));
  }
  return diagnostics;
}

function checkToolNames(pack: Pack): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>();
  const tools = [...pack.tools].sort((a, b) => compareCodeUnits(a.doc.file, b.doc.file));
  for (const tool of tools) {
    const { name } = tool.manifest;
    const typeName = pascalCase(name);
    const first = seen.get(typeName);
    if (first === undefined) {
      seen.set(typeName, `${tool.doc.file} (${name})`);
      continue;
    }
    diagnostics.push(error(tool.doc.file, tool.doc.position(['name']), `The tool \`${name}\` gives the type names ${typeName}Input/${typeName}Output, already taken by ${first}; rename one of the tools.`));
  }
  return diagnostics;
}

function checkRefs(pack: Pack): Diagnostic[] {
  return pack.tools.flatMap(({ doc, manifest }) =>
    [...schemaRefs(manifest.input, ['input']), ...schemaRefs(manifest.response.output, ['response', 'output'])]
      .filter(({ ref }) => !ref.startsWith('#'))
      .map(({ path, ref }) =>
        error(doc.file, doc.position(path), `\`${ref}\` points outside the tool's schema; put the schema under the tool's own \`definitions\` and refer to it as \`#/definitions/…\`.`, 'generate-external-ref'),
      ),
  );
}

function error(file: string, at: { line: number; column: number }, message: string, rule = 'generate-name-clash'): Diagnostic {
  return { file, ...at, rule, severity: 'error', message };
}
