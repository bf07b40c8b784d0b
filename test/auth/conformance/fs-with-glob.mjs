// node:fs plus enough of Node 22's fs.globSync for the conformance suite (it globs **/checks.json).
import fs from 'node:fs';
import path from 'node:path';

export * from 'node:fs';
export default fs;

export function globSync(pattern, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  const escape = (part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  const matcher = new RegExp(`^${String(pattern).split('**/').map(escape).join('(?:.*/)?')}$`);
  return fs
    .readdirSync(cwd, { recursive: true })
    .map((entry) => String(entry).split(path.sep).join('/'))
    .filter((entry) => matcher.test(entry));
}
