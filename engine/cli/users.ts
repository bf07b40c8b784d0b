import { parseCommandArgs } from './args.js';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { table, withAdminStore } from '../auth/admin-store.js';
import { passwordProblem } from '../auth/passwords.js';
import { isRole, ROLES } from '../auth/scope-catalog.js';
import { UserDirectory } from '../auth/users.js';
import { ToolgateError } from '../errors.js';

const HELP = `Usage: toolgate users <add|list|remove|set-role|set-password> [options]

The people who may sign in on this server's login page. A role bounds the scopes their tokens
can carry: viewer reads, editor reads and writes, admin as editor.

  toolgate users add --email E --role viewer|editor|admin
  toolgate users list [--json]
  toolgate users remove EMAIL
  toolgate users set-role EMAIL --role R
  toolgate users set-password EMAIL

The password is asked for on the terminal (twice, not echoed), or read from the first line of
standard input when it is not a terminal (echo "$PASSWORD" | toolgate users add …). It is never
logged or printed. Changing a role or password, or removing a user, revokes their tokens.

Common options:
  --data-dir D   the gateway's PGlite directory (as for toolgate serve; default .data/gateway);
                 DATABASE_URL=postgres://… selects PostgreSQL
  -h, --help     show this help`;

export async function runUsersCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'users',
    argv,
    {
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (!action) {
    console.error(HELP);
    return 2;
  }
  const usage = (message: string) => {
    console.error(`toolgate users ${action}: ${message}\n\n${HELP}`);
    return 2;
  };
  if (!['add', 'list', 'remove', 'set-role', 'set-password'].includes(action)) return usage(`unknown action ${action}`);
  const email = action === 'add' ? values.email : rest[0];
  if (action !== 'list' && !email) return usage(action === 'add' ? '--email is required' : 'give the EMAIL');
  if ((action === 'add' || action === 'set-role') && !isRole(values.role)) return usage(`--role must be one of ${ROLES.join(', ')}`);
  let password: string | undefined;
  if (action === 'add' || action === 'set-password') {
    password = await readPassword();
    if (password === undefined) return usage('no password given');
    const problem = passwordProblem(password);
    if (problem) return usage(problem);
  }
  try {
    return await withAdminStore(values['data-dir'], async (store, where) => {
      const users = new UserDirectory(store);
      switch (action) {
        case 'add': {
          const user = await users.add({ email: email!, password: password!, role: values.role as (typeof ROLES)[number] });
          console.log(`Added ${user.email} (${user.role}) to ${where}.`);
          return 0;
        }
        case 'list': {
          const list = await users.list();
          if (values.json) console.log(JSON.stringify(list, null, 2));
          else if (list.length === 0) console.log(`No users in ${where}.`);
          else console.log(table(['EMAIL', 'ROLE', 'ID', 'CREATED'], list.map((u) => [u.email, u.role, u.id, u.createdAt.toISOString()])));
          return 0;
        }
        case 'remove': {
          const user = await users.remove(email!);
          console.log(`Removed ${user.email}; their tokens are revoked.`);
          return 0;
        }
        case 'set-role': {
          const user = await users.setRole(email!, values.role as (typeof ROLES)[number]);
          console.log(`${user.email} is now ${user.role}; their tokens are revoked, so clients sign in again.`);
          return 0;
        }
        default: {
          const user = await users.setPassword(email!, password!);
          console.log(`Changed the password of ${user.email}; their tokens are revoked.`);
          return 0;
        }
      }
    });
  } catch (error) {
    if (error instanceof ToolgateError) {
      console.error(`toolgate users ${action}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** From the terminal without echo (asked twice), or the first line of piped standard input. */
async function readPassword(): Promise<string | undefined> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, terminal: false });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return undefined;
  }
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Password again: ');
  if (first !== second) {
    console.error('The passwords do not match.');
    return undefined;
  }
  return first;
}

function promptHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
