import { PATH_PARAM } from './analysis.js';
import { eachTool, type LintRule } from './rule.js';

/**
 * A path takes only `{name}` params, each filled from the input property of that name and escaped
 * as one segment (engine/upstream/url.ts). Other braces, `{{ expr }}` included, would be sent
 * literally.
 */
export const pathTemplate: LintRule = {
  id: 'path-template',
  description: 'Request paths hold only literal text and `{name}` params (no `{{ }}` expressions, no stray braces).',
  check(context, report) {
    eachTool(context, (tool) => {
      for (const site of tool.requests) {
        const rest = site.request.path.replace(PATH_PARAM, '');
        if (/[{}]/.test(rest))
          report(tool.doc, [...site.path, 'path'], `The path \`${site.request.path}\` has braces that are not a \`{name}\` param; a path takes only input properties as \`{name}\`, so pass computed values (e.g. from a step) in \`query\` or \`body\`.`);
        if (/[?#]/.test(rest))
          report(tool.doc, [...site.path, 'path'], 'The path must not carry a query or fragment; put query parameters under `query`.');
      }
    });
  },
};
