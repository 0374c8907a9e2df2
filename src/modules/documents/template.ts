// A service version's output document (the catalogue's DocumentTemplate) as what gets drawn: the
// printed answers of an application, and the preview an agency administrator opens from the service's
// admin page — the same drawing with sample values, watermarked "CONTOH — TIDAK SAH" and never signed.
import type { PrintedField } from '../../db/schema-documents.js';
import { can } from '../../platform/auth/index.js';
import type { Principal } from '../../platform/auth/index.js';
import { DomainError } from '../../platform/errors.js';
import { t } from '../../platform/i18n/index.js';
import { type ApplicationContext, type FieldDefinition, type FormDefinition, getServiceSetup } from '../applications/index.js';
import { type DocumentTemplate, documentValidUntil, getServiceDraft } from '../catalog/index.js';
import { listAgencies } from '../tenancy/index.js';
import './strings.js';

/** An answer as printed: text as typed, a choice by its label, several values joined, nothing as "-". */
export function printedAnswer(value: unknown, field?: FieldDefinition): string {
  const label = (v: unknown) => {
    const option = field?.options?.find((o) => o.value === v);
    return option ? option.label.id : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  };
  if (value === undefined || value === null || value === '') return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  return label(value);
}

const topLevel = (form: FormDefinition | null) => new Map((form?.groups ?? []).filter((g) => !g.repeatable).flatMap((g) => g.fields.map((f) => [f.id, f] as const)));

/** The template's printed fields with the application's answers. */
export function printedFields(template: DocumentTemplate, answers: Record<string, unknown>, form: FormDefinition | null): PrintedField[] {
  const fields = topLevel(form);
  return template.fields.map((f) => ({ label: f.label.id, value: printedAnswer(answers[f.field], fields.get(f.field)) }));
}

/** What a preview prints for a field: an example of its kind, so the administrator sees the layout. */
function sampleAnswer(field: FieldDefinition): string {
  if (field.options?.length) return field.options[0]!.label.id;
  switch (field.type) {
    case 'number':
      return '120';
    case 'rupiah':
      return 'Rp1.500.000';
    case 'date':
      return '2026-01-15';
    default:
      return `(${field.label.id})`;
  }
}

export const PREVIEW_MARK = 'CONTOH — TIDAK SAH';

/**
 * Draws the draft's output document with sample values, unsigned and watermarked. Only an
 * administrator of the service's agency (403), and only when every printed field is on the draft
 * form (400, naming the field): the preview says what publication would refuse.
 */
export async function previewDocumentTemplate(ctx: ApplicationContext, input: { serviceId: string; principal: Principal }): Promise<Uint8Array> {
  const service = await getServiceDraft(ctx, input.serviceId);
  const principal = input.principal;
  if (principal.kind !== 'officer' || !can(principal, 'catalog.manage', { agencyId: service.agencyId })) {
    throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  }
  const setup = await getServiceSetup(ctx, { serviceId: service.id, officer: { id: principal.id, grants: principal.grants } });
  const template = service.draft.documentTemplate ?? null;
  const fields = topLevel(setup.form);
  const missing = (template?.fields ?? []).map((f, i) => ({ ...f, i })).filter((f) => !fields.has(f.field));
  if (missing.length > 0) {
    throw new DomainError(
      'documents.template_field',
      400,
      'doc.error.template_field',
      { field: missing[0]!.field },
      missing.map((f) => ({ field: `/documentTemplate/fields/${f.i}/field`, code: 'template_field', messageKey: 'doc.error.template_field', vars: { field: f.field } })),
    );
  }
  const agencyName = (await listAgencies(ctx.db, ctx.tenant)).find((a) => a.id === service.agencyId)?.name ?? '';
  const now = ctx.now();
  const validUntil = template ? documentValidUntil(template, now) : new Date(now.getTime() + 5 * 365 * 86_400_000);
  const { prepareDocument } = await import('./signing/pool.js');
  const type = template?.kind ?? 'izin';
  return prepareDocument({
    lang: 'id',
    tenantName: ctx.tenant.name,
    agencyName: agencyName,
    title: template?.title.id || `${t('id', `doc.type.${type}`)} ${service.draft.name.id}`,
    number: 'DOK-CONTOH',
    holderName: t('id', 'doc.preview.holder'),
    serviceName: service.draft.name.id,
    fields: template ? template.fields.map((f) => ({ label: f.label.id, value: sampleAnswer(fields.get(f.field)!) })) : [{ label: 'Nomor permohonan', value: 'PRM-CONTOH' }],
    issuedAt: now.toISOString(),
    validUntil: validUntil?.toISOString() ?? null,
    signerName: t('id', 'doc.preview.signer'),
    signerPosition: template?.signerPosition || agencyName,
    verifyUrl: `${ctx.publicBaseUrl.replace(/\/$/, '')}/t/${ctx.tenant.slug}/verify/contoh`,
    watermark: PREVIEW_MARK,
  }, null);
}
