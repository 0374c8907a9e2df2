// What the documents tests share: pdfsig's report on a PDF, a workflow with a signing step, and
// issued documents for HTTP tests (signed with the tenant's development key through the real issuing
// service, without an application behind it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestApp } from './app.js';
import { TEST_APP_SECRET } from './app.js';
import { applicationTestContext, type publishWithSetup, type TestCitizen } from './applications.js';
import { agencyIdOf } from './auth.js';
import { createLocalFileStore } from '../src/platform/files/index.js';
import { signingKeyDeps } from '../src/modules/documents/module.js';
import { issueDocument, type IssueInput } from '../src/modules/documents/service.js';
import type { DocumentRow } from '../src/modules/documents/store.js';

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

export type IssueDeps = Parameters<typeof issueDocument>[1];

/** The development signing key and a file store in a fresh directory (give the app the same FILES_DIR). */
export function documentTestDeps(): { deps: IssueDeps; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-documents-'));
  return { dir, deps: { keys: signingKeyDeps({ env: 'development' } as never, TEST_APP_SECRET), files: createLocalFileStore(dir) } };
}

/** A permit issued to `holder` by the tenant's DPMPTSP, valid a year unless told. */
export async function issueTestDocument(t: TestApp, deps: IssueDeps, slug: string, holder: TestCitizen, options: { now?: Date; validityDays?: number | null } = {}): Promise<DocumentRow> {
  const now = options.now ?? new Date();
  const ctx = await applicationTestContext(t, slug, { kind: 'system', id: 'test' }, () => now);
  const input: IssueInput = {
    type: 'izin',
    title: 'Izin Usaha Mikro',
    applicationId: null,
    trackingNumber: null,
    serviceId: null,
    serviceName: 'Izin Usaha Mikro',
    agencyId: await agencyIdOf(t, slug, 'dpmptsp'),
    agencyName: 'Dinas Penanaman Modal dan PTSP',
    holderCitizenId: holder.id,
    holderName: holder.name,
    fields: [{ label: 'Nama usaha', value: 'Warung Coto Daeng' }],
    validityDays: options.validityDays === undefined ? 365 : options.validityDays,
  };
  return issueDocument(ctx, deps, input);
}

/** Check → closed with `outcome`: the shortest workflow whose closing issues a document (izin for issued, surat keterangan for approved). */
export function checkThenClose(outcome: 'issued' | 'approved') {
  return {
    version: 1,
    serviceDays: 3,
    revisionPolicy: 'pause' as const,
    deemedApproval: false,
    start: 'check',
    steps: [
      { id: 'check', kind: 'task' as const, name: { id: 'Pemeriksaan', en: 'Check' }, role: 'verifier' as const, deadline: { days: 3, onLapse: { action: 'escalate' as const, role: 'agency_admin' as const, days: 1 } }, actions: { approve: { to: 'done' }, reject: { to: 'rejected' } } },
      { id: 'done', kind: 'end' as const, name: outcome === 'issued' ? { id: 'Diterbitkan', en: 'Issued' } : { id: 'Disetujui', en: 'Approved' }, outcome },
      { id: 'rejected', kind: 'end' as const, name: { id: 'Ditolak', en: 'Rejected' }, outcome: 'rejected' as const },
    ],
  };
}
