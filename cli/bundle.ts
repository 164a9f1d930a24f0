/**
 * What bin/load-cli.mjs bundles into dist/cli.cjs: the command line and the batch's worker in one file, with pdf.js,
 * so that one V8 code cache serves every process and worker thread.
 */
export { main } from './main';
export { serveJobs } from './batch-worker';
