// The drawing-and-signing thread (pool.ts starts it): pdf-lib's save, the QR image and the CMS take
// tens to a couple of hundred milliseconds of CPU per document, which on the main thread would stall
// every request and job of the process meanwhile. Each message is one task; the answer carries the
// bytes back (their buffer transferred, not copied).
import { parentPort } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import { drawDocument } from '../pdf.js';
import { signPdfWithKey } from './local-signer.js';
import { savePdfForSigning } from './placeholder.js';
import type { WorkerTask } from './pool.js';

async function run(task: WorkerTask): Promise<Uint8Array> {
  if (task.op === 'draw') {
    const doc = await drawDocument(task.layout);
    if (!task.placeholder) return doc.save();
    return savePdfForSigning(doc, { ...task.placeholder, signingTime: new Date(task.placeholder.signingTime) });
  }
  return signPdfWithKey(task.pdf, task.key as KeyObject, task.chain);
}

parentPort!.on('message', (message: { id: number; task: WorkerTask }) => {
  run(message.task).then(
    (bytes) => {
      const copy = bytes.buffer.byteLength === bytes.byteLength ? bytes : bytes.slice();
      parentPort!.postMessage({ id: message.id, bytes: copy }, [copy.buffer as ArrayBuffer]);
    },
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
