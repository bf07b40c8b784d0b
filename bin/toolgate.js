#!/usr/bin/env node
// The published entry point runs the bundled CLI (`npm run build`, scripts/build.ts); tests run
// the TypeScript sources through tsx instead, and test/e2e/dist.test.ts a fresh bundle of them.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
