import { analyzeTool } from './analysis.js';
import { eachTool, listOf, type LintRule, type ToolContext } from './rule.js';

function declared(tool: ToolContext): string[] {
  return Object.keys(tool.tool.input.properties ?? {});
}

/** Templates, selects and path params may only read declared inputs: anything else is always absent. */
export const undeclaredInput: LintRule = {
  id: 'undeclared-input',
  description: 'Every `{param}`, `input.<name>` and `input.required` entry names a declared input property.',
  check(context, report) {
    eachTool(context, (tool) => {
      const names = declared(tool);
      const known = new Set(names);
      const fix = (name: string) => `add \`${name}\` under \`input.properties\` or use one of ${listOf(names)}`;
      const { expressions, pathParams } = analyzeTool(tool);
      for (const param of pathParams)
        if (!known.has(param.name)) report(tool.doc, param.path, `The path parameter \`{${param.name}}\` is not a declared input property; ${fix(param.name)}.`);
      for (const site of expressions)
        for (const name of site.refs.input)
          if (!known.has(name)) report(tool.doc, site.path, `\`input.${name}\` is not a declared input property; ${fix(name)}.`);
      const offset = tool.tool.response.offsetParam;
      if (offset !== undefined && !known.has(offset)) report(tool.doc, ['response', 'offsetParam'], `\`offsetParam\` names \`${offset}\`, which is not an input property; ${fix(offset)}.`);
      tool.tool.input.required?.forEach((name, i) => {
        if (!known.has(name)) report(tool.doc, ['input', 'required', i], `\`input.required\` lists \`${name}\`, which is not under \`input.properties\`; declare it or remove it from required.`);
      });
    });
  },
};

/** An input nobody reads is silently dropped: the model believes it filters or sets something. */
export const unusedInput: LintRule = {
  id: 'unused-input',
  description: 'Every declared input property is used by a path, a template or a select.',
  check(context, report) {
    eachTool(context, (tool) => {
      const { expressions, pathParams } = analyzeTool(tool);
      // A whole-input use ($idempotencyKey(input), `input` passed on) reads every property;
      // an expression that does not compile says nothing either way.
      if (expressions.some((e) => e.refs.wholeInput || e.error !== undefined)) return;
      const used = new Set(pathParams.map((p) => p.name));
      for (const site of expressions) for (const name of site.refs.input) used.add(name);
      for (const name of declared(tool))
        if (!used.has(name))
          report(tool.doc, ['input', 'properties', name], `The input \`${name}\` is declared but never used; send it with \`{{ input.${name} }}\` in the request (or \`{${name}}\` in the path) or remove it.`, { which: 'key' });
    });
  },
};

/** A path cannot leave a segment out, so a `{param}` input must always be given. */
export const pathParamRequired: LintRule = {
  id: 'path-param-required',
  description: 'Inputs used as `{param}` in a request path are listed in `input.required`.',
  check(context, report) {
    eachTool(context, (tool) => {
      const properties = new Set(declared(tool));
      const required = new Set(tool.tool.input.required ?? []);
      const seen = new Set<string>();
      for (const param of analyzeTool(tool).pathParams) {
        if (!properties.has(param.name) || required.has(param.name) || seen.has(param.name)) continue;
        seen.add(param.name);
        report(tool.doc, ['input', 'properties', param.name], `The input \`${param.name}\` fills \`{${param.name}}\` in the request path, so it must be given: add it to \`input.required\`.`, { which: 'key' });
      }
    });
  },
};

/**
 * Inside a map step, a filter or a group-by, JSONata evaluates against each item, so a bare
 * `input.x` there reads the item's own `input` field (almost always absent) instead of the tool's
 * input: the value silently goes missing. `$$` is the expression's root, where the tool's input is.
 */
export const inputInItem: LintRule = {
  id: 'input-in-item',
  description: 'Inside a map, filter or group-by, the tool input is read as `$$.input.<name>`, not `input.<name>`.',
  check(context, report) {
    eachTool(context, (tool) => {
      for (const site of analyzeTool(tool).expressions)
        for (const name of site.refs.inputInItem) {
          const written = name === '*' ? 'input' : `input.${name}`;
          report(
            tool.doc,
            site.path,
            `\`${written}\` stands inside a map, filter or group-by, where JSONata reads each item's own \`input\` field, not the tool's input; write \`$$.${written}\` (or, if the items really have an \`input\` field, \`$.${written}\`).`,
            { severity: 'warning' },
          );
        }
    });
  },
};
