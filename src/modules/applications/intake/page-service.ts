// What the apply pages need from the intake besides the API's services: a new draft prefilled from the
// citizen's account (entered once, never asked again), and the check of one page of a long form (the
// answers of that group, required ones included, against the form; a field that has only just appeared
// because of an answer on the same page is not yet an error). Built on saveDraft/getDraft.
import { localDate } from '../../../platform/calendar/index.js';
import { DomainError, type PendingFieldError } from '../../../platform/errors.js';
import { readCitizenPersonalData } from '../../identity/index.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import { type Answers, errorsOfGroup, validateAnswers } from '../forms/answers.js';
import type { FieldDefinition, FormDefinition, GroupDefinition } from '../forms/definition.js';
import { type DraftView, getDraft, saveDraft } from './service.js';

/** The answers an account gives: the first field of the matching type in a group that does not repeat. */
export function prefillFrom(form: FormDefinition, profile: { nik?: string; phone?: string; email?: string; regionCode?: string; address?: string | null; name?: string; birthDate?: string }): Answers {
  const answers: Answers = {};
  const taken = new Set<string>();
  const first = (test: (f: FieldDefinition) => boolean) => {
    for (const g of form.groups) {
      if (g.repeatable || g.visibleIf) continue;
      const field = g.fields.find((f) => !f.visibleIf && !taken.has(f.type + f.id) && test(f));
      if (field) return field;
    }
    return undefined;
  };
  const put = (field: FieldDefinition | undefined, value: unknown) => {
    if (!field || value === undefined || value === null || value === '') return;
    answers[field.id] = value;
    taken.add(field.type + field.id);
  };
  put(first((f) => f.type === 'nik'), profile.nik);
  put(first((f) => f.type === 'phone'), profile.phone);
  put(first((f) => f.type === 'email'), profile.email);
  put(first((f) => f.type === 'region' && (f.level ?? 'village') === 'village'), profile.regionCode);
  if (profile.address && profile.regionCode) put(first((f) => f.type === 'address'), { street: profile.address, regionCode: profile.regionCode });
  put(first((f) => f.type === 'text' && /^(nama|name|nama_lengkap|full_name|nama_pemohon)$/.test(f.id)), profile.name);
  put(first((f) => f.type === 'date' && /^(tanggal_lahir|birth_date|tgl_lahir)$/.test(f.id)), profile.birthDate);
  return answers;
}

/**
 * Starts (or continues) the citizen's draft for a service: an existing one is returned as it is; a new
 * one is saved with what the account already says. An expired draft is the 410 of getDraft.
 */
export async function startDraft(ctx: ApplicationContext, input: { applicant: ApplicantRef; serviceId: string; form: FormDefinition }): Promise<DraftView> {
  try {
    return await getDraft(ctx, input);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status !== 404) throw error;
  }
  let profile: Parameters<typeof prefillFrom>[1] = {};
  try {
    profile = await readCitizenPersonalData(ctx, {
      citizenId: input.applicant.citizenId,
      purpose: 'Mengisi formulir permohonan / filling in an application form',
      fields: ['nik', 'name', 'birthDate', 'phone', 'email', 'regionCode', 'address'],
    });
  } catch (error) {
    // An account without a profile (created by a test, or erased) starts with an empty form.
    if (!(error instanceof DomainError) || error.status !== 404) throw error;
  }
  return saveDraft(ctx, { applicant: input.applicant, serviceId: input.serviceId, answers: prefillFrom(input.form, profile) });
}

/** The draft, or undefined when there is none; an expired one is the 410 of getDraft. */
export async function findDraft(ctx: ApplicationContext, input: { applicant: ApplicantRef; serviceId: string }): Promise<DraftView | undefined> {
  try {
    return await getDraft(ctx, input);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  }
}

const envOf = (ctx: ApplicationContext) => ({ today: localDate(ctx.now().getTime(), ctx.tenant.timeZone), now: ctx.now() });

/**
 * The errors of one group's page against the whole form's rules (required included), leaving out a
 * required field that was not shown when the page was sent (`shownBefore`: the input names shown).
 */
export function checkGroup(ctx: ApplicationContext, form: FormDefinition, group: GroupDefinition, answers: Answers, shownBefore?: ReadonlySet<string>): PendingFieldError[] {
  const checked = validateAnswers(form, answers, envOf(ctx));
  if (checked.ok) return [];
  const errors = errorsOfGroup(form, checked.errors, group.id);
  if (!shownBefore) return errors;
  return errors.filter((e) => {
    if (e.code !== 'required') return true;
    const name = e.field.replace(/^\/answers\//, '').split('/').join('.');
    return shownBefore.has(name);
  });
}

/** The whole form's errors (the check-your-answers page), empty when it can be submitted. */
export function checkAll(ctx: ApplicationContext, form: FormDefinition, answers: Answers): PendingFieldError[] {
  const checked = validateAnswers(form, answers, envOf(ctx));
  return checked.ok ? [] : checked.errors;
}
