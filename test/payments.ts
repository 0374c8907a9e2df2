// Payments' set-up for tests: a workflow whose first step is the payment (so an application is billed
// as soon as it is submitted), and a form whose uploads are optional (the tests are about money).
import { type FormDefinition, formFromRequirements } from '../src/modules/applications/index.js';
import type { publishWithSetup } from './applications.js';

type WorkflowDefinition = Parameters<typeof publishWithSetup>[1]['workflow'];

/** Pay, then an officer's check, then done or rejected. */
export function payFirstWorkflow(): WorkflowDefinition {
  return {
    version: 1,
    serviceDays: 3,
    revisionPolicy: 'pause',
    deemedApproval: false,
    start: 'pay',
    steps: [
      { id: 'pay', kind: 'wait', name: { id: 'Pembayaran retribusi', en: 'Fee payment' }, event: 'paid', waitsOn: 'applicant', next: 'check' },
      {
        id: 'check',
        kind: 'task',
        name: { id: 'Pemeriksaan', en: 'Check' },
        role: 'verifier',
        deadline: { days: 3, onLapse: { action: 'escalate', role: 'agency_admin', days: 1 } },
        actions: { approve: { to: 'done' }, reject: { to: 'rejected' } },
      },
      { id: 'done', kind: 'end', name: { id: 'Selesai', en: 'Done' }, outcome: 'issued' },
      { id: 'rejected', kind: 'end', name: { id: 'Ditolak', en: 'Rejected' }, outcome: 'rejected' },
    ],
  };
}

/** The form generated from the standard's requirements, its uploads optional. */
export function formWithOptionalUploads(requirements: string[]): FormDefinition {
  const form = formFromRequirements(requirements.map((id) => ({ id })));
  return { ...form, groups: form.groups.map((g) => ({ ...g, fields: g.fields.map((f) => ({ ...f, required: false })) })) };
}
