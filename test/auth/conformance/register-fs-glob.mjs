// Node 20 only: @modelcontextprotocol/conformance 0.2 imports fs.globSync, which Node 22 added.
// `node --import ./register-fs-glob.mjs …` points that one import at fs-with-glob.mjs.
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') register('./fs-glob-hooks.mjs', import.meta.url);
