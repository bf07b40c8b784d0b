import type { ServiceRuntime } from '../runtime/registry.js';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** One MCP endpoint as an OAuth protected resource (RFC 8707 / RFC 9728). */
export interface ProtectedResource {
  readonly service: string;
  readonly title: string;
  /** The MCP path; the resource identifier is the public base URL plus this path. */
  readonly path: string;
  readonly scopes: ReadonlyArray<{ name: string; description: string }>;
  /** Scopes that only write tools need: a viewer never gets them. */
  readonly writeScopes: ReadonlySet<string>;
  /** The scopes each tool needs, for the 403 insufficient_scope challenge. */
  readonly toolScopes: ReadonlyMap<string, { scopes: readonly string[]; effect: 'read' | 'write' }>;
}

/**
 * The scopes of every served pack, derived from the manifests: a scope some read tool needs is a
 * read scope; a scope only write tools need is a write scope. Roles bound what a token can carry:
 * a viewer gets the read scopes, an editor and an admin every scope of the pack.
 */
export function protectedResources(services: readonly ServiceRuntime[]): ProtectedResource[] {
  return services.map(({ service, tools }) => {
    const readNeeds = new Set<string>();
    const writeNeeds = new Set<string>();
    const toolScopes = new Map<string, { scopes: readonly string[]; effect: 'read' | 'write' }>();
    for (const tool of tools.values()) {
      for (const scope of tool.scopes) (tool.effect === 'write' ? writeNeeds : readNeeds).add(scope);
      toolScopes.set(tool.name, { scopes: tool.scopes, effect: tool.effect });
    }
    return {
      service: service.name,
      title: service.title,
      path: service.mcpPath,
      scopes: service.scopes,
      writeScopes: new Set([...writeNeeds].filter((s) => !readNeeds.has(s))),
      toolScopes,
    };
  });
}

/** The scopes of a resource that a user with this role may be granted. */
export function scopesForRole(resource: ProtectedResource, role: Role): string[] {
  const all = resource.scopes.map((s) => s.name);
  if (role === 'viewer') return all.filter((s) => !resource.writeScopes.has(s));
  return all;
}
