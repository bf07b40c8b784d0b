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
import type { Scenario } from './lib/scenarios.js';
import type { LoadSpec } from './load/load.js';
import { generatePack } from './scale/generate.js';
import { GAINSIGHT_PACK, PEER_TOOLS, startToolgate, TOOLGATE_BIN, type Upstream } from './servers/start.js';
import type { ToolgateAuth } from './lib/auth.js';
import type { Bounds } from './side-by-side.js';

export const PROFILE_DIR = path.resolve('bench/results/profiles');

export async function runProfile(
  config: { measure: Bounds; warmup: Bounds; tools: number; auth: ToolgateAuth; scenarios: readonly Scenario[]; concurrency: number },
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
  const setup = await config.auth.prepare(TOOLGATE_BIN);
  const toolgate = await startToolgate({ upstream, args: setup.serveArgs, env: setup.serveEnv, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', calls] });
  try {
    const url = String(toolgate.facts.match);
    const headers = await setup.headers(url);
    for (const scenario of config.scenarios) {
      const spec: LoadSpec = {
        protocol: 'mcp',
        style: 'tool',
        scenario,
        url,
        headers,
        context: { companyId, runId: `profile-${Date.now().toString(36)}`, peerTools: PEER_TOOLS },
        concurrency: config.concurrency,
        warmup: config.warmup,
        measure: config.measure,
        seqBase: 0,
      };
      const { stdout } = await runToEnd({ name: 'load generator', command: process.execPath, args: [built.load, JSON.stringify(spec)], timeoutMs: 120_000 });
      log(`profile: ${scenario} c=${config.concurrency} ${stdout.trim()}`);
    }
  } finally {
    await toolgate.stop();
    await setup.close();
  }
  out.push(profileTable(await summarizeProfile(await onlyProfile(calls)), `toolgate serving tools/call at c=${config.concurrency} (${config.scenarios.join(', then ')})`));

  const pack = await generatePack(GAINSIGHT_PACK, config.tools);
  const startSetup = await config.auth.prepare(TOOLGATE_BIN);
  try {
    // Stopped as soon as it listens: the profile is the start-up (the idle wait shows as idle).
    const server = await startToolgate({ upstream, manifests: pack.dir, args: startSetup.serveArgs, env: startSetup.serveEnv, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', start] });
    // serve installs its SIGTERM handler (which exits cleanly, writing the profile) just after
    // its ready line; a signal before that would end it with no profile.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.stop();
  } finally {
    await startSetup.close();
    await rm(path.dirname(pack.dir), { recursive: true, force: true });
  }
  out.push('', profileTable(await summarizeProfile(await onlyProfile(start)), `toolgate start-up over ${config.tools} generated tools, up to listening (the real CLI)`));
  return out.join('\n');
}

async function onlyProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  // The main thread's profile is the first one written for the process (workers add more).
  return path.join(dir, files[0]!);
}
