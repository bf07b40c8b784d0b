/**
 * Bench child processes: each server (and each load run) is its own process, started with an
 * explicit argv, awaited until it prints its ready line, measured through /proc, and stopped by
 * its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { READY_PREFIX } from './ready.js';

export interface ChildOptions {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A stdout line that means "ready"; its first capture group, or the JSON after READY_PREFIX, is returned. */
  ready?: RegExp;
  /** For a process that prints nothing useful: polled every 50 ms until it resolves true. */
  probe?: () => Promise<boolean>;
  timeoutMs?: number;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  /** The JSON printed after READY_PREFIX, or `{ match }` for a custom ready pattern. */
  readonly facts: Record<string, unknown>;
  /** Milliseconds from spawn to the ready line. */
  readonly readyMs: number;
  /** Resident set size now and at its peak (VmHWM), in MiB. */
  memory(): Promise<{ rssMb: number; peakRssMb: number }>;
  /** CPU time used so far, user + system, all threads, in ms. */
  cpuMs(): Promise<number>;
  output(): string;
  stop(): Promise<void>;
}

const KEEP = 8_000;

export async function startChild(options: ChildOptions): Promise<Child> {
  const started = performance.now();
  const proc = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-KEEP);
  };
  proc.stderr!.on('data', keep);
  const facts = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => fail(new Error(`${options.name} was not ready within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- ${options.name} output ---\n${out}`));
    };
    proc.once('exit', (code, signal) => fail(new Error(`${options.name} exited (${signal ?? code}) before it was ready`)));
    proc.once('error', fail);
    const ready = (found: Record<string, unknown>) => {
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      resolve(found);
    };
    if (options.probe) {
      const poll = async () => {
        if (proc.exitCode !== null) return;
        if (await options.probe!().catch(() => false)) ready({});
        else setTimeout(poll, 50);
      };
      setTimeout(poll, 50);
    }
    proc.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      pending += chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const found = options.probe ? undefined : matchReady(line, options.ready);
        if (found) ready(found);
      }
    });
  });
  const readyMs = performance.now() - started;
  return {
    name: options.name,
    pid: proc.pid!,
    facts,
    readyMs,
    memory: () => memoryOf(proc.pid!),
    cpuMs: () => cpuMsOf(proc.pid!),
    output: () => out,
    stop: () => stopProcess(proc),
  };
}

function matchReady(line: string, pattern: RegExp | undefined): Record<string, unknown> | undefined {
  if (pattern) {
    const m = pattern.exec(line);
    return m ? { match: m[1] ?? m[0] } : undefined;
  }
  return line.startsWith(READY_PREFIX) ? (JSON.parse(line.slice(READY_PREFIX.length)) as Record<string, unknown>) : undefined;
}

/** Linux /proc/<pid>/status: VmRSS now, VmHWM the peak since the process started. */
export async function memoryOf(pid: number): Promise<{ rssMb: number; peakRssMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/**
 * /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks of 1/100 s (USER_HZ on Linux),
 * summed over the process's threads. Coarse per read, exact enough over a run of thousands of calls.
 */
export async function cpuMsOf(pid: number, tid?: string): Promise<number> {
  // With `tid`, one thread's: /proc/<pid>/task/<tid>/stat has the same fields.
  const stat = await readFile(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it are counted from its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Run a process to completion; resolves with its stdout, rejects on a non-zero exit or the time limit. */
export function runToEnd(options: { name: string; command: string; args: readonly string[]; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; input?: string }): Promise<{ stdout: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(options.command, options.args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (options.input !== undefined) proc.stdin!.end(options.input);
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    proc.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-KEEP)));
    const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs);
    proc.once('error', reject);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (code === 0) resolve({ stdout, ms });
      else reject(new Error(`${options.name} exited (${signal ?? code}) after ${Math.round(ms)} ms\n${stderr}${stdout.slice(-2000)}`));
    });
  });
}
