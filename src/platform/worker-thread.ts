// Worker threads that run a module of ours, from the TypeScript sources or from the bundle.
import fs from 'node:fs';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a thread running the module `source` beside `callerUrl` (the caller's import.meta.url) when
 * running the TypeScript sources (tsx, Vitest: Node 20 applies no --import loader to a thread's first
 * module, so the thread registers tsx itself), or the bundle's entry `bundled` (scripts/build.mjs puts
 * it in dist/, beside main.js: one directory up from a chunk). Undefined when the bundle lacks it.
 */
export function startWorkerThread(callerUrl: string, source: string, bundled: string, options: WorkerOptions = {}): Worker | undefined {
  if (callerUrl.endsWith('.ts')) {
    const url = new URL(source, callerUrl).href;
    return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`, { ...options, eval: true });
  }
  for (const candidate of [`./${bundled}`, `../${bundled}`]) {
    const url = new URL(candidate, callerUrl);
    if (fs.existsSync(url)) return new Worker(url, options);
  }
  return undefined;
}
