/**
 * How the toolgate row is authenticated. The issue asks for auth on, with a real JWT from
 * toolgate's own issuer; until engine/auth exists the row runs `serve --no-auth` and its label
 * says so plainly.
 */
import { existsSync } from 'node:fs';
import type { ToolgateAuth } from '../side-by-side.js';

export const NO_AUTH: ToolgateAuth = {
  label: 'auth OFF: --no-auth, engine/auth not landed yet',
  serveArgs: ['--no-auth'],
  headers: async () => ({}),
};

export async function toolgateAuth(mode: 'auto' | 'off'): Promise<ToolgateAuth> {
  if (mode === 'off' || !existsSync('engine/auth')) return NO_AUTH;
  return NO_AUTH;
}
