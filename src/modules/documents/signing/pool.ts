// Drawing and signing off the event loop (issue 20): a small pool of worker threads (worker.ts) that
// draw a document, add its signature placeholder and — for the tenant's own key — sign it. Measured
// on the job runner's event loop before this: drawing and signing one page took a median 54 ms, p95
// 193 ms of CPU during which nothing else in the process ran. A remote signer (DocumentSigner) is
// untouched: the pool prepares the PDF, the remote service signs it over the network.
//
// DOCUMENT_THREADS sizes the pool (config.ts; 0 draws and signs on the event loop, as before). Threads
// start on first use and do not keep the process alive; a thread that dies fails its tasks and is
// replaced by the next task.
import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { DocumentLayout } from '../pdf.js';
import type { PlaceholderInput } from './placeholder.js';

export type WorkerTask =
  | { op: 'draw'; layout: DocumentLayout; placeholder: (Omit<PlaceholderInput, 'signingTime'> & { signingTime: string }) | null }
  | { op: 'sign'; pdf: Uint8Array; key: KeyObject; chain: Uint8Array[] };

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  busy: number;
  pending: Map<number, Pending>;
}

let size = 1;
const threads: Thread[] = [];
let nextId = 1;

/** Sets the pool's size (the module's registration, from the configuration). 0: no threads. */
export function configureDocumentThreads(count: number): void {
  size = count;
}

export function documentThreads(): number {
  return size;
}

/**
 * Where the worker's code is: beside this file when running the TypeScript sources (tsx, Vitest: the
 * thread loads tsx too), or the bundle's own entry `dist/document-worker.js` (scripts/build.mjs).
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Node 20 applies no --import loader to a thread's first module: the thread registers tsx itself.
    const source = new URL('./worker.ts', here).href;
    return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, { eval: true });
  }
  for (const candidate of ['./document-worker.js', '../document-worker.js']) {
    const url = new URL(candidate, here);
    if (fs.existsSync(url)) return new Worker(url);
  }
  throw new Error('document-worker.js is missing from the build');
}

function startThread(): Thread {
  const worker = startWorker();
  // An idle pool must not keep a one-shot command or a test process alive.
  worker.unref();
  const thread: Thread = { worker, busy: 0, pending: new Map() };
  const fail = (error: Error) => {
    threads.splice(threads.indexOf(thread), 1);
    for (const task of thread.pending.values()) task.reject(error);
    thread.pending.clear();
  };
  worker.on('message', (message: { id: number; bytes?: Uint8Array; error?: string }) => {
    const task = thread.pending.get(message.id);
    if (!task) return;
    thread.pending.delete(message.id);
    thread.busy--;
    if (message.error !== undefined) task.reject(new Error(message.error));
    else task.resolve(message.bytes!);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (threads.includes(thread)) fail(new Error(`document thread stopped (exit code ${code})`));
  });
  threads.push(thread);
  return thread;
}

/** The least busy thread, starting one while the pool is below its size. */
function pickThread(): Thread {
  const idle = threads.find((t) => t.busy === 0);
  if (idle) return idle;
  if (threads.length < size) return startThread();
  return threads.reduce((a, b) => (b.busy < a.busy ? b : a));
}

/** Runs one task on a thread. */
export function runOnThread(task: WorkerTask): Promise<Uint8Array> {
  const thread = pickThread();
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    thread.busy++;
    // Worker tasks ref the thread while they run (an unref'd idle thread must still answer).
    thread.worker.ref();
    const done = () => {
      if (thread.busy === 0) thread.worker.unref();
    };
    thread.pending.set(id, {
      resolve: (bytes) => {
        resolve(bytes);
        done();
      },
      reject: (error) => {
        reject(error);
        done();
      },
    });
    thread.worker.postMessage({ id, task });
  });
}

/** Stops every thread (tests, shutdown). */
export async function stopDocumentThreads(): Promise<void> {
  const stopping = threads.splice(0).map((t) => t.worker.terminate());
  await Promise.all(stopping);
}

/**
 * The document drawn and, with `placeholder`, saved with an empty signature for a DocumentSigner to
 * fill; without, saved as it is (a preview, never signed). On a thread unless the pool has none.
 */
export async function prepareDocument(layout: DocumentLayout, placeholder: PlaceholderInput | null): Promise<Uint8Array> {
  if (size > 0) return runOnThread({ op: 'draw', layout, placeholder: placeholder && { ...placeholder, signingTime: placeholder.signingTime.toISOString() } });
  const [{ drawDocument }, { savePdfForSigning }] = await Promise.all([import('../pdf.js'), import('./placeholder.js')]);
  const doc = await drawDocument(layout);
  return placeholder ? savePdfForSigning(doc, placeholder) : doc.save();
}
