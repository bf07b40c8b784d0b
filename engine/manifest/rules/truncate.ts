import { eachTool, listOf, type LintRule } from './rule.js';

/** The runtime shortens this array when a result is too big; it must be one the output has. */
export const truncateProperty: LintRule = {
  id: 'truncate-property',
  description: '`response.truncate` names an array property of `response.output`.',
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      const name = tool.response.truncate;
      if (name === undefined) return;
      const properties = ((tool.response.output as { properties?: Record<string, { type?: unknown }> }).properties ?? {});
      const arrays = Object.keys(properties).filter((k) => properties[k]?.type === 'array');
      if (!arrays.includes(name))
        report(doc, ['response', 'truncate'], `\`${name}\` is not an array property of \`response.output\`; ${arrays.length > 0 ? `use one of ${listOf(arrays)}` : 'the output has no array property, so remove `truncate`'}.`);
    });
  },
};
