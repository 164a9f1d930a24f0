import source from 'virtual:engine-worker-source';

/** The engine worker's script, built into the engine (scripts/worker-source.ts): no message needed to start it. */
export const workerCode = (): Promise<string> => Promise.resolve(source);
