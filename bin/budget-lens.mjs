#!/usr/bin/env node
// The budget-lens command line: the engine in lib/ run from a bundle of the TypeScript sources (bin/load-cli.mjs).
import { keepCodeCache, loadCli } from './load-cli.mjs';

const { main } = await loadCli('budget-lens');
process.exitCode = await main(process.argv.slice(2));
keepCodeCache();
