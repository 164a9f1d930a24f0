/** The engine worker's script as a string, built by scripts/worker-source.ts (the Vite plugin in wxt.config.ts). */
declare module 'virtual:engine-worker-source' {
  const source: string;
  export default source;
}
