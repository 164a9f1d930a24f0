// Loaded with `node --import` into a process the benchmarks time (bench/process.ts): at exit it writes the process's
// own CPU time (every thread: user + system) and peak resident set size to the file named by BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(
      file,
      JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
    );
  });
}
