// The thread that trains the shipped base model (train-thread.ts starts it): half a second to a second
// of CPU, and tens of milliseconds more to write it as JSON, that on the main thread would hold up
// every request of a freshly started process. It trains once, writes the model file when given one,
// posts the model back and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { trainRoutingModel } from './dataset.js';
import { writeModelFile } from './model-file.js';

const { file } = (workerData ?? {}) as { file?: string };
const model = trainRoutingModel();
if (file) writeModelFile(file, model);
parentPort!.postMessage(model);
