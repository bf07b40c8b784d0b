import type { ErrorObject } from 'ajv';
import { pointerToPath } from '../schema.js';
import type { JsonPath, SourceDocument } from '../source.js';
import { compileSchema, knownFormats, metaSchemaErrors } from './ajv.js';
import { eachTool, type LintRule, type Report } from './rule.js';
import { walkSchema } from './schema-keywords.js';

/** `input` and `response.output` become the MCP inputSchema and outputSchema: both must be valid. */
export const invalidJsonSchema: LintRule = {
  id: 'invalid-json-schema',
  description: '`input` and `response.output` are valid JSON Schemas (draft-07); the output is an object schema.',
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      checkSchema(doc, tool.input, ['input'], report);
      checkSchema(doc, tool.response.output, ['response', 'output'], report);
      const type = (tool.response.output as { type?: unknown }).type;
      if (type !== 'object')
        report(doc, ['response', 'output'], 'MCP structuredContent is a JSON object: give `response.output` `type: object`.');
    });
  },
};

function checkSchema(doc: SourceDocument, schema: object, path: JsonPath, report: Report): void {
  const errors = metaSchemaErrors(schema);
  for (const [pointer, text] of oneErrorPerNode(errors))
    report(doc, [...path, ...pointerToPath(pointer)], `Not a valid JSON Schema: \`${pointer || '/'}\` ${text}.`);
  if (errors.length > 0) return;
  const refs: Array<{ at: JsonPath; target: unknown }> = [];
  walkSchema(schema, path, {
    unknownKeyword: (at, keyword) =>
      report(doc, at, `\`${keyword}\` is not a JSON Schema keyword, so it checks nothing; fix its spelling or remove it.`, { severity: 'warning', which: 'key' }),
    format: (at, format) => {
      if (!knownFormats.has(format)) report(doc, at, `Unknown format "${format}"; use one of ajv-formats' (date, date-time, email, uri, uuid, …).`);
    },
    ref: (at, target) => refs.push({ at, target }),
  });
  if (refs.length === 0) return;
  const compiled = compileSchema(schema);
  if (!('error' in compiled)) return;
  // ajv names the reference it could not resolve; point at that `$ref`.
  const culprit = refs.find((r) => compiled.error.includes(`reference ${String(r.target)} `)) ?? refs[0]!;
  report(doc, culprit.at, `The schema does not compile: ${compiled.error}; fix the \`$ref\` (local ones look like \`#/definitions/name\`).`);
}

/**
 * The meta-schema explains one wrong value several ways (`type: strin` fails the enum, "must be
 * array" and the anyOf); keep the most useful explanation per node: the allowed values if any.
 */
function oneErrorPerNode(errors: ErrorObject[]): Map<string, string> {
  const byNode = new Map<string, string>();
  for (const error of errors) {
    const params = error.params as { allowedValues?: unknown[] };
    if (error.keyword === 'enum' && params.allowedValues)
      byNode.set(error.instancePath, `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`);
    else if (!byNode.has(error.instancePath) && error.keyword !== 'anyOf' && error.keyword !== 'oneOf')
      byNode.set(error.instancePath, error.message ?? 'is invalid');
  }
  for (const error of errors) if (!byNode.has(error.instancePath)) byNode.set(error.instancePath, error.message ?? 'is invalid');
  return byNode;
}
