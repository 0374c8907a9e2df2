// The information-requests pages: the requester's (pages-citizen.tsx) and the PPID's and superior's
// (pages-officer.tsx), and the answer files' downloads and answer links (pages-answer.tsx).
import type { FastifyInstance } from 'fastify';
import type { FileStore } from '../../platform/files/index.js';
import type { ModuleRuntime } from '../../platform/module.js';
import { registerAnswerPages } from './pages-answer.js';
import { registerCitizenPages } from './pages-citizen.js';
import { registerOfficerPages } from './pages-officer.js';

export function registerInformationPages(app: FastifyInstance, rt: ModuleRuntime, files: FileStore) {
  registerCitizenPages(app, files);
  registerOfficerPages(app, rt, files);
  registerAnswerPages(app, files);
}
