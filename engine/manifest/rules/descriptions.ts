import type { JsonPath } from '../source.js';
import { eachTool, type LintRule } from './rule.js';

const MIN_TOOL_DESCRIPTION = 40;
const MIN_SCOPE_DESCRIPTION = 10;

/** The description is all the model knows when it picks a tool. */
export const toolDescription: LintRule = {
  id: 'tool-description',
  description: `A tool description has at least ${MIN_TOOL_DESCRIPTION} characters.`,
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      const length = tool.description.trim().length;
      if (length < MIN_TOOL_DESCRIPTION)
        report(doc, ['description'], `The description has ${length} characters (at least ${MIN_TOOL_DESCRIPTION}); say when to use the tool, what its IDs look like and which tool gives the values it needs.`);
    });
  },
};

export const toolTitle: LintRule = {
  id: 'tool-title',
  description: 'A tool has a non-blank `title` (shown to users by MCP clients).',
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      if (tool.title.trim() === '') report(doc, ['title'], 'The title is blank; give a short human-readable name such as "Create a note".');
    });
  },
};

/** The model fills arguments from their descriptions alone; nested properties included. */
export const inputDescription: LintRule = {
  id: 'input-description',
  description: 'Every input property, nested ones included, has a `description`.',
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      const visit = (schema: unknown, path: JsonPath): void => {
        if (schema === null || typeof schema !== 'object') return;
        const node = schema as { properties?: unknown; items?: unknown };
        if (node.properties && typeof node.properties === 'object')
          for (const [name, property] of Object.entries(node.properties)) {
            const description = (property as { description?: unknown } | null)?.description;
            if (typeof description !== 'string' || description.trim() === '')
              report(doc, [...path, 'properties', name], `The input property \`${name}\` has no description; add one saying what it is, its format and where the model finds its value.`, { which: 'key' });
            visit(property, [...path, 'properties', name]);
          }
        if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) visit(node.items, [...path, 'items']);
      };
      visit(tool.input, ['input']);
    });
  },
};

/** Scope descriptions are shown on the consent page, where a user decides what to grant. */
export const scopeDescription: LintRule = {
  id: 'scope-description',
  description: `A scope description has at least ${MIN_SCOPE_DESCRIPTION} characters.`,
  check(context, report) {
    for (const pack of context.packs)
      pack.service.scopes.forEach((scope, i) => {
        if (scope.description.trim().length < MIN_SCOPE_DESCRIPTION)
          report(pack.doc, ['scopes', i, 'description'], `The description of scope \`${scope.name}\` is too short; say what a user grants with it (e.g. "Read notes and projects.").`, { severity: 'warning' });
      });
  },
};
