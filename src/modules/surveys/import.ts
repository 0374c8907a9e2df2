// Paper and legacy survey results imported from CSV, so the index covers every channel (issue 21):
// columns submitted_at, service_code, the nine element keys (DOMAIN.md §2 order), then optional sex,
// age_band, education, occupation, suggestion. All or nothing: every bad line is reported by its line
// number (the header is line 1) and nothing is imported until the file is clean.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/index.js';
import { parseCsvLine } from '../../platform/csv.js';
import type { TenantContext } from '../../platform/context.js';
import { actorRef } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { listServices, type PublicService } from '../catalog/index.js';
import { checkResponse, DEMOGRAPHIC_KEYS } from './answers.js';
import { ELEMENTS } from './ikm.js';
import { dayIn, isDay } from './periods.js';
import { addResponses, type NewResponse } from './store.js';
import './strings.js';

export const REQUIRED_COLUMNS = ['submitted_at', 'service_code', ...ELEMENTS] as const;
/** At most this many lines are listed in a refusal: enough to see the pattern of a bad export. */
const MAX_REPORTED = 100;

export interface ImportInput {
  csv: string;
  /** Where the results come from (the file, the paper survey): kept on every row. */
  source: string;
}

const lineError = (line: number, messageKey: PendingFieldError['messageKey'], code: string, vars: Record<string, string | number> = {}): PendingFieldError => ({
  field: `/csv/${line}`,
  code,
  messageKey,
  vars: { line, ...vars },
});

/** "code" (unique among the tenant's services) or "agency/code". */
function findService(services: readonly PublicService[], value: string): PublicService | undefined {
  const [first, second] = value.trim().toLowerCase().split('/');
  const matches = second === undefined ? services.filter((s) => s.code === first) : services.filter((s) => s.agency.code === first && s.code === second);
  return matches.length === 1 ? matches[0] : undefined;
}

/** The day and instant of a submitted_at: a date (its day) or a date-time with its offset. */
function whenOf(value: string, timeZone: string): { at: Date; day: string } | null {
  const text = value.trim();
  if (isDay(text)) return { at: new Date(`${text}T00:00:00Z`), day: text };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const at = new Date(text);
  return Number.isFinite(at.getTime()) ? { at, day: dayIn(timeZone, at) } : null;
}

export async function importSurveyResponses(ctx: TenantContext, input: ImportInput): Promise<{ imported: number }> {
  const source = input.source.trim();
  if (source.length === 0 || source.length > 200) {
    throw new DomainError('surveys.import_source', 400, 'svy.error.import_source', {}, [{ field: '/source', code: 'length', messageKey: 'svy.error.import_source' }]);
  }
  const lines = input.csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  if (!REQUIRED_COLUMNS.every((c) => header.includes(c))) {
    throw new DomainError('surveys.import_header', 400, 'svy.error.import_header', { columns: REQUIRED_COLUMNS.join(', ') });
  }
  const services = await listServices(ctx);
  const at = ctx.now();
  const rows: NewResponse[] = [];
  const errors: PendingFieldError[] = [];
  lines.slice(1).forEach((text, i) => {
    const line = i + 2;
    if (text.trim() === '') return;
    const fields = parseCsvLine(text);
    const cell = (column: string) => (header.includes(column) ? (fields[header.indexOf(column)] ?? '').trim() : '');
    const when = whenOf(cell('submitted_at'), ctx.tenant.timeZone);
    if (!when) errors.push(lineError(line, 'svy.error.import_date', 'date'));
    const service = findService(services, cell('service_code'));
    if (!service) errors.push(lineError(line, 'svy.error.import_service', 'service', { code: cell('service_code') }));
    const checked = checkResponse({
      answers: Object.fromEntries(ELEMENTS.map((k) => [k, cell(k)])),
      demographics: Object.fromEntries(DEMOGRAPHIC_KEYS.map((k) => [k, cell(k)])),
      suggestion: cell('suggestion'),
    });
    if ('errors' in checked) {
      for (const e of checked.errors) {
        const [, group, key] = e.field.split('/');
        if (group === 'answers') errors.push(lineError(line, 'svy.error.import_answer', 'answer', { element: key! }));
        else errors.push(lineError(line, 'svy.error.import_choice', 'choice', { column: key ?? 'suggestion' }));
      }
      return;
    }
    if (!when || !service) return;
    rows.push({
      tenant_id: ctx.tenant.id,
      id: randomUUID(),
      channel: 'import',
      import_source: source,
      agency_id: service.agency.id,
      service_id: service.id,
      submitted_at: when.at,
      day: when.day,
      ...checked.ok.answers,
      ...checked.ok.demographics,
      suggestion: checked.ok.suggestion,
      created_at: at,
    });
  });
  if (errors.length > 0) {
    throw new DomainError('surveys.import_invalid', 400, 'svy.error.import_invalid', {}, errors.slice(0, MAX_REPORTED), { invalidLines: new Set(errors.map((e) => e.vars?.line)).size });
  }
  if (rows.length === 0) throw new DomainError('surveys.import_empty', 400, 'svy.error.import_empty');
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await addResponses(trx, ctx.tenant.id, rows);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'survey.responses_imported', subject: `survey-import:${source}`, at, data: { rows: rows.length } });
  });
  return { imported: rows.length };
}
