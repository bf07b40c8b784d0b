import { pathToFileURL } from 'node:url';

type Command = (argv: string[]) => Promise<number>;

/**
 * Each subcommand lives in its own module, loaded only when called, so `toolgate lint` never pays
 * for Koa or the MCP SDK and `serve` starts without the type generator.
 */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'serve manifests as MCP tools over Streamable HTTP', load: async () => (await import('./serve.js')).runServeCommand },
  lint: { summary: 'check manifests and report located diagnostics', load: async () => (await import('./lint.js')).runLintCommand },
  generate: { summary: 'generate TypeScript types from the schema and the packs', load: async () => (await import('./generate.js')).runGenerateCommand },
  sandbox: { summary: 'run the Gainsight-compatible sandbox upstream', load: async () => (await import('../../sandbox/index.js')).runSandboxCommand },
  clients: { summary: 'add, list, remove OAuth clients; rotate a client secret', load: async () => (await import('./clients.js')).runClientsCommand },
  users: { summary: 'add, list, remove users who sign in; set a role or password', load: async () => (await import('./users.js')).runUsersCommand },
  audit: { summary: 'list the audited write tool calls', load: async () => (await import('./audit.js')).runAuditCommand },
};

export const USAGE = `Usage: toolgate <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run \`toolgate <command> --help\` for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`toolgate: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return (await command.load())(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
