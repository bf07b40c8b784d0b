import type Router from '@koa/router';
import type { ProtectedResource } from './scope-catalog.js';

export const PRM_PATH = '/.well-known/oauth-protected-resource';

/** RFC 9728 §3.1: the metadata URL of a resource is the well-known path inserted before the resource's path. */
export function resourceMetadataUrl(resourceUrl: string): string {
  const url = new URL(resourceUrl);
  return `${url.origin}${PRM_PATH}${url.pathname === '/' ? '' : url.pathname}`;
}

/**
 * RFC 9728 protected resource metadata, for every MCP endpoint at its path-specific URL, and for
 * the first one also at the root (clients that ignore the path look there). `resource` is exactly
 * the MCP URL, so that a client's RFC 9728 §3.3 check and the token audience agree.
 */
export function mountResourceMetadata(
  router: Router,
  options: { resources: readonly ProtectedResource[]; resourceUrl: (resource: ProtectedResource) => string; issuer: () => string },
): void {
  const body = (resource: ProtectedResource) => ({
    resource: options.resourceUrl(resource),
    authorization_servers: [options.issuer()],
    scopes_supported: resource.scopes.map((s) => s.name),
    bearer_methods_supported: ['header'],
    resource_name: resource.title,
  });
  const route = (path: string, resource: ProtectedResource) =>
    router.get(path, (ctx) => {
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = body(resource);
    });
  const [first] = options.resources;
  if (first) route(PRM_PATH, first);
  for (const resource of options.resources) route(`${PRM_PATH}${resource.path}`, resource);
}
