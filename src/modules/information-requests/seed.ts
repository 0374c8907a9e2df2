// Demo public information request (development only), so a newcomer sees a decided request with its
// answer file: at every demo tenant with agencies, the demo citizen's request received twelve days ago,
// granted in part by the demo PPID five days later with a PDF answer file. Through the services, with
// the clock set back; idempotent (a demo citizen with any request in the tenant is left alone). The
// answer file must be scanned clean before the decision can deliver it: the caller gives `scan`, which
// runs the platform's scan job for it with the configured scanner.
import { Readable } from 'node:stream';
import type { ServiceContext, TenantContext } from '../../platform/context.js';
import { type FileStore, receiveFile } from '../../platform/files/index.js';
import { demoCitizenEmail, demoOfficerEmail, findCitizenId, findOfficerId } from '../identity/index.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import { ANSWER_FILE_RULES, recordAnswerFile } from './answers.js';
import { createInformationRequest, decideInformationRequest, listMyInformationRequests } from './service.js';

const DAY = 86_400_000;

export interface InformationDemoDeps {
  files: FileStore;
  /** Scans one uploaded file now (the platform's files.scan job, run in place). */
  scan(tenantId: string, fileId: string): Promise<void>;
  publicBaseUrl: string;
}

async function demoPdf(tenantName: string): Promise<Buffer> {
  // Loaded here, not at start: the seed of an existing installation finds its request and draws nothing.
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(tenantName, { x: 56, y: 770, size: 12, font });
  page.drawText('Daftar penerima hibah tahun anggaran 2025', { x: 56, y: 740, size: 14, font });
  page.drawText('Nomor rekening penerima dihitamkan (UU 14/2008 Pasal 17 huruf h).', { x: 56, y: 715, size: 11, font });
  page.drawText('Dokumen contoh (demo) - bukan dokumen resmi.', { x: 56, y: 690, size: 11, font });
  return Buffer.from(await doc.save());
}

/** Seeds the demo citizen's decided request once per demo tenant; returns how many were added. */
export async function seedDemoInformationRequests(system: ServiceContext, deps: InformationDemoDeps): Promise<number> {
  let added = 0;
  const today = system.now().getTime();
  for (const tenant of await listTenants(system.db)) {
    const base: TenantContext = { ...system, tenant };
    if ((await listAgencies(system.db, tenant)).length === 0) continue;
    const citizenId = await findCitizenId(base, { identifier: demoCitizenEmail(tenant.slug) });
    const ppidId = await findOfficerId(base, { email: demoOfficerEmail(tenant.slug, 'ppid') });
    if (!citizenId || !ppidId) continue;
    const asCitizen = { ...base, actor: { kind: 'citizen' as const, id: citizenId }, now: () => new Date(today - 12 * DAY) };
    if ((await listMyInformationRequests(asCitizen)).length > 0) continue;
    const request = await createInformationRequest(asCitizen, {
      requesterKind: 'person',
      information: 'Daftar penerima hibah dan bantuan sosial tahun anggaran 2025 beserta nilainya.',
      purpose: 'Bahan kajian transparansi anggaran daerah (contoh demo).',
      delivery: 'view',
    });
    const asPpid = { ...base, actor: { kind: 'officer' as const, id: ppidId }, now: () => new Date(today - 7 * DAY), publicBaseUrl: deps.publicBaseUrl };
    const bytes = await demoPdf(tenant.name);
    const received = await receiveFile(deps.files, tenant.id, { stream: Readable.from([bytes]), filename: 'Daftar penerima hibah 2025.pdf' }, ANSWER_FILE_RULES);
    if (!received) continue;
    await recordAnswerFile(asPpid, { id: request.id, file: received });
    await deps.scan(tenant.id, received.id);
    await decideInformationRequest(asPpid, {
      id: request.id,
      decision: 'granted_part',
      answer: 'Daftar penerima hibah 2025 kami sampaikan dalam berkas terlampir (contoh demo).',
      redaction: 'Nomor rekening bank penerima dihitamkan: data pribadi (UU 14/2008 Pasal 17 huruf h).',
      answerFileIds: [received.id],
    });
    added++;
  }
  return added;
}
