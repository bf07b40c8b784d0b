import type { WriteAction } from '../../../generated/manifest.js';
import { alwaysWithin } from './shapes.js';
import { eachTool, listOf, type LintRule, type RequestSite, type ToolContext } from './rule.js';

/** HTTP method semantics (RFC 9110 §9.3): which methods can carry each write action. */
const METHODS_FOR: Record<WriteAction, readonly string[]> = {
  create: ['POST'],
  update: ['PUT', 'PATCH', 'POST'],
  delete: ['DELETE'],
};

/** GET, or a POST every instance of which lies within an `upstream.queryEndpoints` shape. */
function isReadRequest(tool: ToolContext, site: RequestSite): boolean {
  const { method, path } = site.request;
  if (method === 'GET') return true;
  // Only POST can be a query: a `* /x` or `DELETE /x` entry must not turn a delete into a "read".
  return method === 'POST' && (tool.pack.service.upstream.queryEndpoints ?? []).some((shape) => alwaysWithin(shape, method, path));
}

export const readMethod: LintRule = {
  id: 'read-method',
  description: 'A read tool sends only GET, or POST to a shape listed in `upstream.queryEndpoints` (which lists only POST shapes).',
  check(context, report) {
    for (const pack of context.packs)
      pack.service.upstream.queryEndpoints?.forEach((shape, i) => {
        if (!shape.startsWith('POST '))
          report(pack.doc, ['upstream', 'queryEndpoints', i], `"${shape}" is not a POST shape; query endpoints are POSTs that only read (GET needs no entry), so write it as "POST /path".`);
      });
    eachTool(context, (tool) => {
      if (tool.tool.effect !== 'read') return;
      for (const site of tool.requests)
        if (!isReadRequest(tool, site))
          report(tool.doc, [...site.path, 'method'], `A read tool may send only GET or a query endpoint, not \`${site.request.method} ${site.request.path}\`; list the endpoint under \`upstream.queryEndpoints\` if it only reads, or make the tool \`effect: write\`.`);
    });
  },
};

export const effectWrites: LintRule = {
  id: 'effect-writes',
  description: 'A write tool declares its `writes`; a read tool declares none.',
  check(context, report) {
    eachTool(context, ({ tool, doc }) => {
      const count = tool.writes?.length ?? 0;
      if (tool.effect === 'read' && count > 0)
        report(doc, ['writes'], 'A read tool declares no writes; remove `writes` or change `effect` to write.', { which: 'key' });
      if (tool.effect === 'write' && count === 0)
        report(doc, ['effect'], 'A write tool must declare what it writes: add `writes: [{ object: …, action: create|update|delete }]` (each checked against the service\'s permits).');
    });
  },
};

/** The method of each write request fits a declared write, and each declared write has a request. */
export const writeMethod: LintRule = {
  id: 'write-method',
  description: 'A write tool sends no GET as its write, and each write request\'s method fits a declared action (create → POST, update → PUT/PATCH/POST, delete → DELETE).',
  check(context, report) {
    eachTool(context, (tool) => {
      if (tool.tool.effect !== 'write') return;
      const writes = tool.tool.writes ?? [];
      const composite = tool.tool.type === 'composite';
      const writeRequests = tool.requests.filter((site) => !(composite && isReadRequest(tool, site)));
      if (composite && writeRequests.length === 0 && tool.requests.length > 0)
        report(tool.doc, ['steps'], 'A composite write tool needs at least one step that writes; every step here only reads, so make the tool `effect: read`.', { which: 'key' });
      let misfit = false;
      for (const site of writeRequests) {
        const { method } = site.request;
        const message =
          method === 'GET'
            ? 'A write tool cannot write with GET (a safe method, RFC 9110 §9.2.1); use POST, PUT, PATCH or DELETE, or make the tool `effect: read`.'
            : writes.length > 0 && !writes.some((w) => METHODS_FOR[w.action].includes(method))
              ? `\`${method}\` fits none of the declared writes (${listOf(writes.map((w) => w.action))}); use ${listOf(new Set(writes.flatMap((w) => METHODS_FOR[w.action])))} or declare the write it performs.`
              : undefined;
        if (message === undefined) continue;
        misfit = true;
        report(tool.doc, [...site.path, 'method'], message);
      }
      // One report per mistake: a request already flagged above explains the missing write too.
      if (misfit) return;
      writes.forEach((write, i) => {
        const methods = METHODS_FOR[write.action];
        if (writeRequests.length > 0 && !writeRequests.some((site) => methods.includes(site.request.method)))
          report(tool.doc, ['writes', i, 'action'], `No request of this tool can \`${write.action}\` (that needs ${listOf(methods)}); fix the request method or the declared action.`);
      });
    });
  },
};

/** DESIGN: "DELETE is never allowed by a pack that does not permit delete", whatever the effect. */
export const deleteNotPermitted: LintRule = {
  id: 'delete-not-permitted',
  description: 'No DELETE request in a pack whose permits allow no delete.',
  check(context, report) {
    for (const pack of context.packs) {
      if (pack.service.policy.permits.some((p) => p.actions.includes('delete'))) continue;
      for (const tool of pack.tools)
        for (const site of tool.requests)
          if (site.request.method === 'DELETE')
            report(tool.doc, [...site.path, 'method'], `The pack permits no delete, so no tool may send DELETE (\`${site.request.path}\`); remove the request, or add a delete permit in ${pack.doc.file} if deleting is really intended.`);
    }
  },
};
