// Module resolution hook (node:module register): the conformance suite's `fs` gets globSync.
const SUITE = '/node_modules/mcp-conformance-authorization/';

export async function resolve(specifier, context, next) {
  if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL?.includes(SUITE)) {
    return { url: new URL('./fs-with-glob.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
