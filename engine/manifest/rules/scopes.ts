import { eachTool, listOf, type LintRule } from './rule.js';

/** A scope the service does not define can never be granted, so the tool could never be called. */
export const unknownScope: LintRule = {
  id: 'unknown-scope',
  description: 'Tool scopes are defined under the service\'s `scopes`.',
  check(context, report) {
    eachTool(context, (tool) => {
      const defined = tool.pack.service.scopes.map((s) => s.name);
      tool.tool.scopes.forEach((scope, i) => {
        if (!defined.includes(scope))
          report(tool.doc, ['scopes', i], `The scope \`${scope}\` is not defined by the service; use one of ${listOf(defined)} or define it under \`scopes\` in ${tool.pack.doc.file}.`);
      });
    });
  },
};
