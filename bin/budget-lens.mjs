#!/usr/bin/env node
// The budget-lens command line: the engine in lib/ run from TypeScript source through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
