import type { ErrorObject } from 'ajv';
import { pointerToPath } from '../schema.js';
import type { JsonPath } from '../source.js';
import { closedInputSchema, compileSchemas, metaSchemaErrors } from './ajv.js';
import { eachTool, type LintContext, type LintRule, type Report, type ToolContext } from './rule.js';

/**
 * Examples are documentation the model learns from; a wrong one teaches wrong calls. Inputs are
 * checked as the runtime checks arguments (unknown properties refused), outputs against the
 * output schema. Schemas that are themselves invalid are left to `invalid-json-schema`.
 */
export const exampleInput: LintRule = {
  id: 'example-input',
  description: 'Each example `input` is valid against the tool\'s input schema, unknown properties refused.',
  check: (context, report) => checkExamples(context, 'input', report),
};

export const exampleOutput: LintRule = {
  id: 'example-output',
  description: 'Each example `output` is valid against `response.output`.',
  check: (context, report) => checkExamples(context, 'output', report),
};

interface Job {
  tool: ToolContext;
  schema: object;
  examples: Array<{ value: unknown; i: number }>;
}

/** All tools at once, so that their schemas compile in groups (see compileSchemas). */
function checkExamples(context: LintContext, part: 'input' | 'output', report: Report): void {
  const jobs: Job[] = [];
  eachTool(context, (tool) => {
    const examples = (tool.tool.examples ?? []).map((example, i) => ({ value: example[part], i })).filter((e) => e.value !== undefined);
    const schema = part === 'input' ? tool.tool.input : tool.tool.response.output;
    if (examples.length > 0 && metaSchemaErrors(schema).length === 0)
      jobs.push({ tool, schema: part === 'input' ? closedInputSchema(schema) : schema, examples });
  });
  const compiled = compileSchemas(jobs.map((j) => j.schema));
  jobs.forEach(({ tool, examples }, j) => {
    const validator = compiled[j]!;
    if ('error' in validator) return;
    for (const { value, i } of examples) {
      const seen = new Set<string>();
      for (const error of validator.check(value)) {
        const { path, which, text } = describe(error, ['examples', i, part]);
        if (seen.has(`${path.join('/')}:${text}`)) continue;
        seen.add(`${path.join('/')}:${text}`);
        report(tool.doc, path, `Example ${i + 1} ${part}: ${text}; fix the example or the ${part === 'input' ? '`input`' : '`response.output`'} schema.`, { which });
      }
    }
  });
}

function describe(error: ErrorObject, base: JsonPath): { path: JsonPath; which: 'key' | 'value'; text: string } {
  const path = [...base, ...pointerToPath(error.instancePath)];
  const where = error.instancePath ? `\`${pointerToPath(error.instancePath).join('.')}\`` : 'the value';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    return { path: [...path, extra], which: 'key', text: `\`${extra}\` is not a declared property (unknown arguments are refused)` };
  }
  if (error.keyword === 'enum') return { path, which: 'value', text: `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  return { path, which: 'value', text: `${where} ${error.message ?? 'is invalid'}` };
}
