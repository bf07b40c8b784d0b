import type { Permit, WriteDeclaration } from '../../../generated/manifest.js';
import { eachTool, listOf, type LintRule, type ToolContext } from './rule.js';

/** The `enum` of an input property, when it has one. */
export function inputEnum(tool: ToolContext, name: string): unknown[] | undefined {
  const property = tool.tool.input.properties?.[name] as { enum?: unknown } | undefined;
  return Array.isArray(property?.enum) ? property.enum : undefined;
}

function permitFor(tool: ToolContext, write: WriteDeclaration): Permit | undefined {
  return tool.pack.service.policy.permits.find((p) => p.object === write.object);
}

/** Anything not permitted is denied: every declared write, and every context it can target, needs a permit. */
export const writeNotPermitted: LintRule = {
  id: 'write-not-permitted',
  description: 'Each declared write (object, action, context values) is within the service\'s `policy.permits`.',
  check(context, report) {
    eachTool(context, (tool) => {
      tool.tool.writes?.forEach((write, i) => {
        const permit = permitFor(tool, write);
        if (!permit) {
          const objects = tool.pack.service.policy.permits.map((p) => p.object);
          const near = objects.find((o) => o.toLowerCase() === write.object.toLowerCase());
          const hint = near ? `did you mean \`${near}\`?` : `permitted objects: ${listOf(objects)}`;
          report(tool.doc, ['writes', i, 'object'], `The service permits no writes to \`${write.object}\` (${hint}); add a permit under \`policy.permits\` in ${tool.pack.doc.file} or remove this write.`);
          return;
        }
        if (!permit.actions.includes(write.action)) {
          report(tool.doc, ['writes', i, 'action'], `The service permits only ${listOf(permit.actions)} on \`${write.object}\`, not \`${write.action}\`; add the action to its permit in ${tool.pack.doc.file} or remove this write.`);
          return;
        }
        if (!permit.contexts || !write.contextParam) return;
        inputEnum(tool, write.contextParam)?.forEach((value, k) => {
          if (!permit.contexts!.includes(String(value)))
            report(tool.doc, ['input', 'properties', write.contextParam!, 'enum', k], `The context ${JSON.stringify(value)} is not permitted for \`${write.object}\` (permitted: ${listOf(permit.contexts!)}); remove it from the enum or add it to the permit's contexts.`);
        });
      });
    });
  },
};

/** The runtime checks a write's context from the input property named by `contextParam`. */
export const writeContextParam: LintRule = {
  id: 'write-context-param',
  description: '`contextParam` names an input property, and is set whenever the permit limits contexts.',
  check(context, report) {
    eachTool(context, (tool) => {
      const properties = Object.keys(tool.tool.input.properties ?? {});
      tool.tool.writes?.forEach((write, i) => {
        if (write.contextParam !== undefined) {
          if (!properties.includes(write.contextParam))
            report(tool.doc, ['writes', i, 'contextParam'], `\`contextParam\` names \`${write.contextParam}\`, which is not an input property; use one of ${listOf(properties)}.`);
          return;
        }
        const contexts = permitFor(tool, write)?.contexts;
        if (contexts && permitFor(tool, write)?.actions.includes(write.action))
          report(tool.doc, ['writes', i], `The permit for \`${write.object}\` limits contexts to ${listOf(contexts)}; set \`contextParam\` to the input property that carries the context so that it can be checked.`);
      });
    });
  },
};
