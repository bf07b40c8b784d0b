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
  for (const error of errors)
    report(doc, [...path, ...pointerToPath(error.instancePath)], `Not a valid JSON Schema: \`${error.instancePath || '/'}\` ${error.message ?? 'is invalid'}.`);
  if (errors.length > 0) return;
  let refs = false;
  walkSchema(schema, path, {
    unknownKeyword: (at, keyword) =>
      report(doc, at, `\`${keyword}\` is not a JSON Schema keyword, so it checks nothing; fix its spelling or remove it.`, { severity: 'warning', which: 'key' }),
    format: (at, format) => {
      if (!knownFormats.has(format)) report(doc, at, `Unknown format "${format}"; use one of ajv-formats' (date, date-time, email, uri, uuid, …).`);
    },
    ref: () => (refs = true),
  });
  if (!refs) return;
  const compiled = compileSchema(schema);
  if ('error' in compiled) report(doc, path, `The schema does not compile: ${compiled.error}; fix the \`$ref\`.`);
}
