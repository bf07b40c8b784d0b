import type { NotSupported, WriteAction } from '../../../generated/manifest.js';
import { mayHit } from './shapes.js';
import { eachTool, type LintRule } from './rule.js';
import { inputEnum } from './write-policy.js';

/** An entry about writes (it names an object or an action) that refuses this object and action. */
function refuses(entry: NotSupported, write: { object: string; action: WriteAction }): boolean {
  if (entry.object === undefined && entry.action === undefined) return false;
  // Case-insensitive on purpose: a refusal must not be dodged by writing `CTA` instead of `cta`.
  const object = !entry.object || entry.object === '*' || entry.object.toLowerCase() === write.object.toLowerCase();
  const action = !entry.action || entry.action === '*' || entry.action === write.action;
  return object && action;
}

/** What the pack refuses on purpose must not come back through a tool. */
export const notSupportedWrite: LintRule = {
  id: 'not-supported-write',
  description: 'No declared write, nor context value of its `contextParam`, is refused by `policy.notSupported`.',
  check(context, report) {
    eachTool(context, (tool) => {
      const entries = tool.pack.service.policy.notSupported;
      tool.tool.writes?.forEach((write, i) => {
        for (const entry of entries) {
          if (!refuses(entry, write)) continue;
          if (entry.context === undefined) {
            report(tool.doc, ['writes', i], `\`${write.action}\` on \`${write.object}\` is refused by notSupported \`${entry.id}\` ("${entry.reason}"); remove this write or the tool.`);
            continue;
          }
          if (!write.contextParam) continue;
          inputEnum(tool, write.contextParam)?.forEach((value, k) => {
            if (String(value).toLowerCase() === entry.context!.toLowerCase())
              report(tool.doc, ['input', 'properties', write.contextParam!, 'enum', k], `Writes to \`${write.object}\` at context ${JSON.stringify(value)} are refused by notSupported \`${entry.id}\` ("${entry.reason}"); remove the value from the enum.`);
          });
        }
      });
    });
  },
};

export const notSupportedRequest: LintRule = {
  id: 'not-supported-request',
  description: 'No request can match an upstream shape listed in `policy.notSupported[].upstream`.',
  check(context, report) {
    eachTool(context, (tool) => {
      for (const site of tool.requests) {
        const { method, path } = site.request;
        for (const entry of tool.pack.service.policy.notSupported) {
          const shape = entry.upstream?.find((s) => mayHit(s, method, path));
          if (shape)
            report(tool.doc, [...site.path, 'path'], `\`${method} ${path}\` can match the refused upstream shape "${shape}" of notSupported \`${entry.id}\` ("${entry.reason}"); this request may never be sent, so remove it.`);
        }
      }
    });
  },
};

/** A policy that permits what it also refuses leaves the author's intent unclear; the refusal wins at run time. */
export const policyConflict: LintRule = {
  id: 'policy-conflict',
  description: 'No permit (action or context) is also refused by `policy.notSupported`.',
  check(context, report) {
    for (const pack of context.packs) {
      const { permits, notSupported } = pack.service.policy;
      permits.forEach((permit, i) => {
        for (const entry of notSupported) {
          if (entry.context === undefined) {
            permit.actions.forEach((action, j) => {
              if (refuses(entry, { object: permit.object, action }))
                report(pack.doc, ['policy', 'permits', i, 'actions', j], `\`${action}\` on \`${permit.object}\` is permitted here but refused by notSupported \`${entry.id}\`; remove one of the two.`);
            });
            continue;
          }
          if (!permit.actions.some((action) => refuses(entry, { object: permit.object, action }))) continue;
          permit.contexts?.forEach((ctx, j) => {
            if (ctx.toLowerCase() === entry.context!.toLowerCase())
              report(pack.doc, ['policy', 'permits', i, 'contexts', j], `The context \`${ctx}\` is permitted here but refused by notSupported \`${entry.id}\`; remove one of the two.`);
          });
        }
      });
    }
  },
};
