// What the documents tests share: pdfsig's report on a PDF, and a workflow with a signing step.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { publishWithSetup } from './applications.js';

type WorkflowDefinition = Parameters<typeof publishWithSetup>[1]['workflow'];

/** What `pdfsig -nocert` says of the PDF (written to a file in `dir`), failures included. */
export function pdfsig(dir: string, bytes: Buffer): string {
  const file = path.join(dir, `check-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

const deadline = { days: 3, onLapse: { action: 'escalate' as const, role: 'agency_admin' as const, days: 1 } };

/** check (verifier) → sign (a wait step for "signed", the agency's) → issued. */
export const SIGNING_WORKFLOW: WorkflowDefinition = {
  version: 1,
  serviceDays: 5,
  revisionPolicy: 'pause',
  deemedApproval: false,
  start: 'check',
  steps: [
    { id: 'check', kind: 'task', name: { id: 'Pemeriksaan', en: 'Check' }, role: 'verifier', deadline, actions: { approve: { to: 'sign' }, reject: { to: 'rejected' } } },
    { id: 'sign', kind: 'wait', name: { id: 'Penandatanganan elektronik', en: 'Electronic signature' }, event: 'signed', waitsOn: 'agency', next: 'done' },
    { id: 'done', kind: 'end', name: { id: 'Diterbitkan', en: 'Issued' }, outcome: 'issued' },
    { id: 'rejected', kind: 'end', name: { id: 'Ditolak', en: 'Rejected' }, outcome: 'rejected' },
  ],
};
