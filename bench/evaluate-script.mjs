// Compiles and evaluates one built script of the extension in a fresh V8 context (bench/scripts.bench.ts runs it in
// a fresh process each time) and prints {"compileMs","runMs"}: the CPU time of each. The context holds only what the
// scripts touch while they are evaluated; the engine's entry point returns at once (window.__budgetLens is set), so
// what is measured is the module-level work of its modules, as on a page before the engine starts.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const code = readFileSync(process.argv[2], 'utf8');
const context = {
  console,
  window: { __budgetLens: true },
  chrome: { runtime: { id: 'bench', onMessage: { addListener() {} } } },
  navigator: { language: 'zh-CN' },
  postMessage() {},
  setTimeout,
  clearTimeout,
  queueMicrotask,
  URL,
  Intl,
  TextEncoder,
  TextDecoder,
};
context.globalThis = context;
context.self = context;
vm.createContext(context);
const cpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const t0 = process.cpuUsage();
const script = new vm.Script(code, { filename: process.argv[2] });
const compileMs = cpuMs(t0);
const t1 = process.cpuUsage();
script.runInContext(context);
console.log(JSON.stringify({ compileMs, runMs: cpuMs(t1) }));
