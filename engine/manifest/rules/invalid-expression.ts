import { analyzeTool, expressionSite } from './analysis.js';
import { eachTool, type LintRule } from './rule.js';

const ENVELOPE_FIELDS = ['when', 'code', 'message', 'notFound'] as const;

/** Expressions are compiled at start-up; one that does not compile would stop the server. */
export const invalidExpression: LintRule = {
  id: 'invalid-expression',
  description: 'Every JSONata expression (templates, selects, `upstream.errors`) compiles.',
  check(context, report) {
    for (const pack of context.packs) {
      const envelope = pack.service.upstream.errors;
      for (const field of ENVELOPE_FIELDS) {
        const source = envelope?.[field];
        if (source === undefined) continue;
        const site = expressionSite(source, ['upstream', 'errors', field], { kind: 'none' });
        if (site.error) report(pack.doc, site.path, `Invalid JSONata in \`upstream.errors.${field}\`: ${site.error}.`);
      }
    }
    eachTool(context, (tool) => {
      for (const site of analyzeTool(tool).expressions)
        if (site.error) report(tool.doc, site.path, `Invalid JSONata${site.error.startsWith('in ') ? ' ' : ': '}${site.error}. See https://docs.jsonata.org for the syntax.`);
    });
  },
};
