// Trains the shipped base model on a thread of its own (train-worker.ts), so that a process started
// without the model in DATA_DIR/cache keeps answering requests meanwhile: on the event loop, training
// stalled every request in flight for 0.5–1 s, two seconds after the start (measured 988 ms,
// 2026-12-07). The model comes back as a structured clone, the same numbers as trained here.
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../../../../platform/worker-thread.js';
import type { RoutingModel } from './classifier.js';
import { trainRoutingModel } from './dataset.js';
import { writeModelFile } from './model-file.js';

/** The thread's code: train-worker.ts from the sources, or the bundle's entry `dist/routing-worker.js` (scripts/build.mjs). */
function startWorker(workerData: { file?: string }): Worker | undefined {
  return startWorkerThread(import.meta.url, './train-worker.ts', 'routing-worker.js', { workerData });
}

/** Trains on the event loop: the fallback when no thread can do it. */
function trainHere(file: string | undefined): RoutingModel {
  const model = trainRoutingModel();
  if (file) writeModelFile(file, model);
  return model;
}

/**
 * The base model, trained on a thread, which also writes it to `file` (model-file.ts) when given one.
 * When no thread can be started or it fails, it is trained on the event loop as before — slower to
 * answer meanwhile, never without a model.
 */
export async function trainBaseModelOffThread(file?: string): Promise<RoutingModel> {
  let worker: Worker | undefined;
  try {
    worker = startWorker({ file });
  } catch {
    worker = undefined;
  }
  if (!worker) return trainHere(file);
  // A process with nothing else to do (a one-shot command) does not wait for it.
  worker.unref();
  const trained = new Promise<RoutingModel>((resolve, reject) => {
    worker.once('message', (model: RoutingModel) => resolve(model));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the routing model's thread ended (exit code ${code}) without a model`)));
  });
  try {
    return await trained;
  } catch {
    return trainHere(file);
  }
}
