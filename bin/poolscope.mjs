#!/usr/bin/env node
// The command line's former entry, kept for scripts that run this path. `poolscope` (package.json
// "bin") is bin/poolscope.cjs: an ES module as the entry starts Node's ES loader, about 13 ms more.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./poolscope.cjs');
