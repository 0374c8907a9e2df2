// Starting points an admin (and the demo seed) builds a service's form and workflow from: a form
// generated from the standard's requirements (one upload per document, a tick per statement, every
// requirement mapped), and the workflow presets — the engine's, and a simple verify → sign → issue.
// Starting values, not law: the admin adjusts them before publishing.
import type { FieldDefinition, FormDefinition, GroupDefinition } from '../forms/definition.js';
import {
  presetRiskBased,
  presetVerifyApproveIssue,
  presetVerifyIssue,
  RISK_LEVELS,
  type RiskLevel,
  type WorkflowDefinition,
} from '../workflow/index.js';

export interface RequirementText {
  id: string;
  en?: string;
}

/** A requirement that is a statement or a condition of the applicant rather than a document. */
const STATEMENT = /^(telah|berusia|memiliki|bersedia|tidak |pernyataan|sanggup)/i;
/** The application form itself: the online form is it. */
const FORM = /^formulir/i;

/**
 * A form answering every requirement of the standard: a file upload per document, a tick per statement
 * (the filled-in application form is this form: its closing declaration answers it), all mapped.
 */
export function formFromRequirements(requirements: readonly RequirementText[], extra: GroupDefinition[] = []): FormDefinition {
  const uploads: FieldDefinition[] = [];
  const statements: FieldDefinition[] = [];
  const mappings: FormDefinition['requirements'] = [];
  requirements.forEach((r, i) => {
    const label = { id: r.id, en: r.en?.trim() || r.id };
    if (FORM.test(r.id)) {
      mappings.push({ requirement: r.id, fields: ['declaration'] });
      return;
    }
    const id = `req_${i + 1}`;
    if (STATEMENT.test(r.id)) statements.push({ id, type: 'checkbox', label, required: true });
    else {
      uploads.push({
        id,
        type: 'file',
        label,
        required: true,
        accept: ['application/pdf', 'image/jpeg', 'image/png'],
        maxBytes: 5 * 1024 * 1024,
        maxFiles: 2,
        help: { id: 'Pindaian atau foto yang terbaca, PDF/JPEG/PNG, paling besar 5 MB.', en: 'A legible scan or photo, PDF/JPEG/PNG, at most 5 MB.' },
      });
    }
    mappings.push({ requirement: r.id, fields: [id] });
  });
  const declaration: FieldDefinition = {
    id: 'declaration',
    type: 'checkbox',
    required: true,
    label: {
      id: 'Saya menyatakan data dan dokumen yang saya sampaikan benar dan dapat dipertanggungjawabkan.',
      en: 'I declare that the data and documents I submit are true and I am accountable for them.',
    },
  };
  const groups: GroupDefinition[] = [...extra];
  if (uploads.length > 0) groups.push({ id: 'documents', title: { id: 'Dokumen persyaratan', en: 'Required documents' }, fields: uploads });
  groups.push({ id: 'statement', title: { id: 'Pernyataan', en: 'Declaration' }, fields: [...statements, declaration] });
  return { groups, requirements: mappings };
}

export interface WorkflowPreset {
  id: string;
  name: { id: string; en: string };
  definition: WorkflowDefinition;
}

const RISK_NAMES: Record<RiskLevel, { id: string; en: string }> = {
  rendah: { id: 'Risiko rendah: NIB langsung terbit', en: 'Low risk: NIB issued at once' },
  menengah_rendah: { id: 'Risiko menengah rendah: pernyataan mandiri', en: 'Medium-low risk: self-declaration' },
  menengah_tinggi: { id: 'Risiko menengah tinggi: rekomendasi teknis dan verifikasi', en: 'Medium-high risk: technical recommendations and verification' },
  tinggi: { id: 'Risiko tinggi: persetujuan izin', en: 'High risk: permit approval' },
};

/** The presets an admin starts a workflow from (with fiktif positif where the service enables it). */
export function listWorkflowPresets(opts: { deemedApproval?: boolean; recommendingAgencies?: string[] } = {}): WorkflowPreset[] {
  return [
    { id: 'verify_issue', name: { id: 'Verifikasi → tanda tangan → terbit', en: 'Verify → sign → issue' }, definition: presetVerifyIssue() },
    {
      id: 'verify_approve_issue',
      name: { id: 'Verifikasi → persetujuan → tanda tangan → terbit', en: 'Verify → approve → sign → issue' },
      definition: presetVerifyApproveIssue({ deemedApproval: opts.deemedApproval }),
    },
    ...RISK_LEVELS.map((level) => ({
      id: `risk_${level}`,
      name: RISK_NAMES[level],
      definition: presetRiskBased(level, {
        deemedApproval: opts.deemedApproval,
        ...(opts.recommendingAgencies?.length ? { recommendingAgencies: opts.recommendingAgencies } : {}),
      }),
    })),
  ];
}
