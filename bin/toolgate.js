#!/usr/bin/env node
// The published entry point runs the compiled CLI (`npm run build`); tests run the TypeScript
// sources through tsx instead, so a stale dist/ never hides a failing change.
import { main } from '../dist/engine/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
