/**
 * `npm run bench -- --profile`: toolgate under `node --cpu-prof`, loaded with the side-by-side
 * read and write at c=16, and a cold start over the scale pack, each summarized into where the
 * time goes. The raw .cpuprofile files stay under bench/results/profiles/ for a closer look
 * (Chrome DevTools or speedscope open them).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runToEnd } from './lib/child.js';
import { postJson } from './lib/net.js';
import { profileTable, summarizeProfile } from './lib/profile.js';
import { QUERY_COMPANY_PATH, resolveCompanyBody } from './lib/upstream-calls.js';
import type { LoadSpec } from './load/load.js';
import { generatePack } from './scale/generate.js';
import { GAINSIGHT_PACK, PEER_TOOLS, startToolgate, type Upstream } from './servers/start.js';
import type { Bounds, ToolgateAuth } from './side-by-side.js';

export const PROFILE_DIR = path.resolve('bench/results/profiles');

export async function runProfile(
  config: { measure: Bounds; warmup: Bounds; tools: number; auth: ToolgateAuth },
  built: { load: string },
  upstream: Upstream,
  log: (line: string) => void,
): Promise<string> {
  const out: string[] = [];
  const calls = path.join(PROFILE_DIR, 'calls');
  const start = path.join(PROFILE_DIR, 'cold-start');
  await rm(PROFILE_DIR, { recursive: true, force: true });
  await mkdir(calls, { recursive: true });
  await mkdir(start, { recursive: true });

  const { json } = await postJson(upstream.url + QUERY_COMPANY_PATH, resolveCompanyBody('acme', 1), { accesskey: upstream.accessKey });
  const companyId = (json as { data: { records: Array<{ Gsid: string }> } }).data.records[0]!.Gsid;
  const toolgate = await startToolgate({ upstream, args: config.auth.serveArgs, env: config.auth.env, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', calls] });
  try {
    const url = String(toolgate.facts.match);
    const headers = await config.auth.headers(url);
    for (const scenario of ['read', 'write'] as const) {
      const spec: LoadSpec = {
        protocol: 'mcp',
        style: 'tool',
        scenario,
        url,
        headers,
        context: { companyId, runId: `profile-${Date.now().toString(36)}`, peerTools: PEER_TOOLS },
        concurrency: 16,
        warmup: config.warmup,
        measure: config.measure,
        seqBase: 0,
      };
      const { stdout } = await runToEnd({ name: 'load generator', command: process.execPath, args: [built.load, JSON.stringify(spec)], timeoutMs: 120_000 });
      log(`profile: ${scenario} c=16 ${stdout.trim()}`);
    }
  } finally {
    await toolgate.stop();
  }
  out.push(profileTable(await summarizeProfile(await onlyProfile(calls)), 'toolgate serving tools/call at c=16 (read, then write)'));

  const pack = await generatePack(GAINSIGHT_PACK, config.tools);
  try {
    await runToEnd({
      name: 'toolgate serve (cold start)',
      command: process.execPath,
      args: ['--cpu-prof', '--cpu-prof-dir', start, '--input-type=module', '-e', coldStartScript(pack.dir)],
      env: { GAINSIGHT_BASE_URL: upstream.url, GAINSIGHT_ACCESS_KEY: upstream.accessKey, LOG_LEVEL: 'warn', ...config.auth.env },
      timeoutMs: 120_000,
    });
  } finally {
    await rm(path.dirname(pack.dir), { recursive: true, force: true });
  }
  out.push('', profileTable(await summarizeProfile(await onlyProfile(start)), `toolgate start-up over ${config.tools} generated tools, up to listening`));
  return out.join('\n');
}

/** Start the server in-process from the real build and exit as soon as it listens. */
function coldStartScript(dir: string): string {
  return `
    const { startServer } = await import(${JSON.stringify(path.resolve('dist/engine/serve.js'))});
    const { silentLogger } = await import(${JSON.stringify(path.resolve('dist/engine/log.js'))});
    const server = await startServer({ manifests: [${JSON.stringify(dir)}], port: 0, logger: silentLogger() });
    await server.close();
  `;
}

async function onlyProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  // The main thread's profile is the first one written for the process (workers add more).
  return path.join(dir, files[0]!);
}
