import type { ErrorObject } from 'ajv';
import * as generated from '../../generated/manifest-validator.js';
import schema from './manifest.schema.json' with { type: 'json' };
import type { Diagnostic } from './diagnostic.js';
import { selectManifestValidator, type ManifestValidator } from './schema-validator.js';
import type { JsonPath, SourceDocument } from './source.js';

export { schema as manifestSchema };

let validator: ManifestValidator | undefined;

/**
 * Once per process: the schema never changes at run time. The generated validator saves each
 * process that checks manifests ajv's compile of the schema (~70 ms, on the start-up's critical
 * path: the manifest check's worker thread).
 */
function manifestValidator(): ManifestValidator {
  validator ??= selectManifestValidator(generated, schema);
  return validator;
}

/** Validate one document against the manifest schema; every error is a located diagnostic. */
export function validateDocument(doc: SourceDocument): Diagnostic[] {
  const validate = manifestValidator();
  if (validate(doc.value)) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of validate.errors ?? []) {
    const diagnostic = toDiagnostic(doc, error);
    const key = `${diagnostic.line}:${diagnostic.column}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

export function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function toDiagnostic(doc: SourceDocument, error: ErrorObject): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = error.instancePath === '' ? 'the document' : `\`${path.join('.')}\``;
  let at = doc.position(path);
  let rule = 'schema';
  let message: string;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      message = `${where} is missing the required property \`${String(params.missingProperty)}\`; add it.`;
      break;
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      at = doc.position([...path, extra], 'key');
      message = `${where} has the unknown property \`${extra}\`; remove it or check its spelling.`;
      break;
    }
    case 'enum':
      message = `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
      break;
    case 'const':
      message = `${where} must be ${JSON.stringify(params.allowedValue)}.`;
      break;
    case 'pattern': {
      const value = valueAt(doc.value, path);
      // Only a Tool's name is an MCP tool name; a Service name has its own (kebab-case) pattern.
      if (path.length === 1 && path[0] === 'name' && (doc.value as { kind?: unknown }).kind === 'Tool') {
        rule = 'tool-name';
        message = `${JSON.stringify(value)} is not a valid MCP tool name: use 1 to 64 of A-Z a-z 0-9 _ . - such as ${JSON.stringify(suggestToolName(value))}.`;
      } else {
        message = `${where} ${JSON.stringify(value)} does not match ${String(params.pattern)}.`;
      }
      break;
    }
    case 'discriminator':
      message = 'The document needs `kind: Service` or `kind: Tool`.';
      break;
    default:
      message = `${where} ${error.message ?? 'is invalid'}.`;
  }
  return { file: doc.file, line: at.line, column: at.column, rule, severity: 'error', message };
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function suggestToolName(value: unknown): string {
  const name = String(value).replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
  return name || 'my_tool';
}
