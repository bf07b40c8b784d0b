import { eachTool, type LintRule } from './rule.js';

/** The tool kind decides which runner serves it; each runner reads only its own fields. */
export const toolKind: LintRule = {
  id: 'tool-kind',
  description: '`type: http` (the default) has a `request` and no `steps`; `type: composite` has `steps` and no `request`.',
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      if (tool.type === 'composite') {
        if (!tool.steps) report(doc, ['type'], 'A composite tool needs `steps`; add them, or make it an http tool with one `request`.');
        if (tool.request) report(doc, ['request'], 'A composite tool sends its requests from `steps`; move this request into a step or remove `type: composite`.', { which: 'key' });
        return;
      }
      if (!tool.request) report(doc, tool.type ? ['type'] : ['kind'], 'An http tool needs a `request` (method and path); add one, or set `type: composite` and use `steps`.');
      if (tool.steps) report(doc, ['steps'], 'Only composite tools have `steps`; set `type: composite` or replace the steps with one `request`.', { which: 'key' });
    });
  },
};
