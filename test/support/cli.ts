import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve('engine/cli/main.ts');

export interface CliRun {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

export interface CliOptions {
  /** A built CLI (a bundle's main.js) run by plain Node; default: the sources through tsx. */
  entry?: string;
  /** Written to standard input, which is then closed (a password for `users add`). */
  input?: string;
}

/** Run `toolgate <args>` from source, as `npx toolgate` would, with its own environment. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, options: CliOptions = {}): CliRun {
  const command = options.entry ? [options.entry] : ['--import', 'tsx', MAIN];
  const child = spawn(process.execPath, [...command, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (!match) return;
          child.stdout!.off('data', check);
          resolve(match);
        };
        child.stdout!.on('data', check);
        check();
        void exited.then((code) => reject(new Error(`toolgate exited (${code}) before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`)));
      });
    },
  };
}
