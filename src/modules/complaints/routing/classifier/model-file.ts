// The trained base model kept in DATA_DIR/cache between starts (suggester.ts names the file by what the
// model is trained from): written whole or not at all, read back only when it is a model.
import fs from 'node:fs';
import path from 'node:path';
import type { RoutingModel } from './classifier.js';

export function readModelFile(file: string): RoutingModel | undefined {
  try {
    const model = JSON.parse(fs.readFileSync(file, 'utf8')) as RoutingModel;
    return model.version === 1 && Array.isArray(model.classes) ? model : undefined;
  } catch {
    return undefined;
  }
}

export function writeModelFile(file: string, model: RoutingModel): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(model));
    fs.renameSync(temporary, file); // whole or not at all, also with several processes
  } catch {
    // A read-only data directory: train again at the next start.
  }
}
