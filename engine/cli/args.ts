import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command prints; tests pass their own. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const consoleIo: CommandIo = { out: (text) => console.log(text), err: (text) => console.error(text) };

type Config = Omit<ParseArgsConfig, 'args'>;

/**
 * The arguments of `toolgate <command>`, read the same way by every command: an unknown or
 * malformed option is a usage error, printed with the command's help (exit code 2), and `--help`
 * prints the help (exit code 0). A number is the exit code: the command stops there.
 */
export function parseCommandArgs<const T extends Config>(
  command: string,
  argv: string[],
  config: T,
  help: string,
  io: CommandIo = consoleIo,
): ReturnType<typeof parseArgs<T & { args: string[] }>> | number {
  let parsed: ReturnType<typeof parseArgs<T & { args: string[] }>>;
  try {
    parsed = parseArgs({ ...config, args: argv });
  } catch (error) {
    io.err(`toolgate ${command}: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    io.out(help);
    return 0;
  }
  return parsed;
}
