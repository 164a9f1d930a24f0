// A worker thread of `budget-lens audit DIR`: the same bundle of the sources as bin/budget-lens.mjs (bin/load-cli.mjs).
import { loadCli } from './load-cli.mjs';

const { serveJobs } = await loadCli('batch-worker');
serveJobs();
