// Each service's form and workflow: the draft an agency admin edits (validated when saved), frozen
// with each version the catalogue publishes — in the publishing transaction, which is refused (422)
// when a requirement of the standard has no field or upload, or the workflow does not validate. An
// application keeps the form and workflow of the version it was made under. Also: what a citizen's
// apply page needs (does the service take applications online, with which form) and the tenant's
// settings.
import { type Db, withTenant, type Tx } from '../../../db/index.js';
import { actorRef } from '../../../platform/context.js';
import { DomainError, type FieldError, type PendingFieldError } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import { componentLines, documentTemplateFields, feeRuleField, getService, getServiceDraft, listAgencyServices, type PublicService, type PublishCheckInput, type PublishCheckResult } from '../../catalog/index.js';
import { listAgencies } from '../../tenancy/index.js';
import type { ApplicationContext, OfficerRef } from '../context.js';
import type { FormDefinition } from '../forms/definition.js';
import { checkRequirements, validateForm } from '../forms/validate.js';
import { formFromRequirements } from './presets.js';
import '../strings.js';
import { validateWorkflow, type WorkflowDefinition, type ValidationError as WorkflowError } from '../workflow/index.js';
import { type FrozenRow, insertFrozen, markPublished, selectFrozen, selectSettings, selectSetup, selectSetupStates, type SettingsRow, upsertSetup, upsertSettings } from './store.js';

export const DEFAULT_SETTINGS: SettingsRow = { draftTtlDays: 30, draftReminderDays: 3 };

/** Whether the officer administers the agency's services (its agency admin, or the tenant's admin). */
export function managesAgency(officer: OfficerRef, agencyId: string): boolean {
  return officer.grants.some((g) => g.role === 'tenant_admin' || (g.role === 'agency_admin' && (g.agencyId === null || g.agencyId === agencyId)));
}

const forbidden = () => new DomainError('auth.forbidden', 403, 'error.auth_forbidden');

/** The catalogue's service (draft included), checked to be one the officer administers. */
async function managedService(ctx: ApplicationContext, serviceId: string, officer: OfficerRef) {
  const service = await getServiceDraft(ctx, serviceId);
  if (!managesAgency(officer, service.agencyId)) throw forbidden();
  return service;
}

export interface ServiceSetup {
  serviceId: string;
  agencyId: string;
  form: FormDefinition | null;
  workflow: WorkflowDefinition | null;
  /** Changed since the last publication (publishing the service freezes it). */
  pending: boolean;
  updatedAt: Date | null;
}

export async function getServiceSetup(ctx: ApplicationContext, input: { serviceId: string; officer: OfficerRef }): Promise<ServiceSetup> {
  const service = await managedService(ctx, input.serviceId, input.officer);
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectSetup(trx, ctx.tenant.id, service.id));
  return { serviceId: service.id, agencyId: service.agencyId, form: row?.form ?? null, workflow: row?.workflow ?? null, pending: row?.pending ?? false, updatedAt: row?.updatedAt ?? null };
}

/** What the admin's pages show around a service's setup: the service's draft standard, its requirements, the tenant's agencies. */
export interface SetupOverview extends ServiceSetup {
  service: { id: string; code: string; name: { id: string; en: string }; latestVersion: number };
  /** The draft standard's "persyaratan", one line each (the Indonesian is what a mapping names). */
  requirements: { id: string; en: string }[];
  /** The tenant's agencies (a workflow step may ask another agency for a technical recommendation). */
  agencies: { id: string; code: string; name: string }[];
}

export async function getSetupOverview(ctx: ApplicationContext, input: { serviceId: string; officer: OfficerRef }): Promise<SetupOverview> {
  const service = await managedService(ctx, input.serviceId, input.officer);
  const [setup, agencies] = await Promise.all([getServiceSetup(ctx, input), listAgencies(ctx.db, ctx.tenant)]);
  const persyaratan = service.draft.components.persyaratan;
  const en = componentLines(persyaratan?.en);
  return {
    ...setup,
    service: { id: service.id, code: service.code, name: { id: service.draft.name.id, en: service.draft.name.en || service.draft.name.id }, latestVersion: service.latestVersion },
    requirements: componentLines(persyaratan?.id).map((id, i) => ({ id, en: en[i] ?? id })),
    agencies: agencies.map((a) => ({ id: a.id, code: a.code, name: a.name })),
  };
}

export interface ManagedSetup {
  serviceId: string;
  code: string;
  name: string;
  agencyId: string;
  latestVersion: number;
  hasForm: boolean;
  hasWorkflow: boolean;
  pending: boolean;
}

/** The services the officer administers (their agencies', or all for the tenant's admin) with the state of their setup. */
export async function listManagedSetups(ctx: ApplicationContext, officer: OfficerRef): Promise<ManagedSetup[]> {
  const everyAgency = officer.grants.some((g) => g.role === 'tenant_admin' || (g.role === 'agency_admin' && g.agencyId === null));
  const agencyIds = everyAgency ? [null] : [...new Set(officer.grants.filter((g) => g.role === 'agency_admin').map((g) => g.agencyId))];
  const services = (await Promise.all(agencyIds.map((id) => listAgencyServices(ctx, id)))).flat();
  const states = new Map((await withTenant(ctx.db, ctx.tenant.id, (trx) => selectSetupStates(trx, ctx.tenant.id))).map((s) => [s.serviceId, s]));
  return services.map((s) => {
    const state = states.get(s.id);
    return {
      serviceId: s.id,
      code: s.code,
      name: s.draft.name.id || s.code,
      agencyId: s.agencyId,
      latestVersion: s.latestVersion,
      hasForm: state?.hasForm ?? false,
      hasWorkflow: state?.hasWorkflow ?? false,
      pending: state?.pending ?? false,
    };
  });
}

const formInvalid = (errors: (PendingFieldError | FieldError)[]) => new DomainError('application.form_invalid', 400, 'app.error.form_invalid', {}, errors);
const workflowInvalid = (errors: FieldError[]) => new DomainError('application.workflow_invalid', 400, 'app.error.workflow_invalid', {}, errors);

/** Saves the service's draft form: refused (400) with a field error per problem (validate.ts). Audited. */
export async function saveServiceForm(ctx: ApplicationContext, input: { serviceId: string; officer: OfficerRef; form: unknown }): Promise<ServiceSetup> {
  const service = await managedService(ctx, input.serviceId, input.officer);
  const checked = validateForm(input.form);
  if (!checked.ok) throw formInvalid(checked.errors);
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await upsertSetup(trx, ctx.tenant.id, service.id, { form: checked.form }, actorRef(ctx.actor), ctx.now());
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'application.form_saved',
      subject: `service:${service.id}`,
      data: { fields: checked.form.groups.reduce((n, g) => n + g.fields.length, 0), requirements: checked.form.requirements.length },
    });
  });
  return getServiceSetup(ctx, input);
}

/** A form answering every requirement of the service's draft standard (presets.ts), to start from. */
export async function suggestServiceForm(ctx: ApplicationContext, input: { serviceId: string; officer: OfficerRef }): Promise<FormDefinition> {
  const service = await managedService(ctx, input.serviceId, input.officer);
  const requirements = service.draft.components.persyaratan;
  const en = componentLines(requirements?.en);
  return formFromRequirements(componentLines(requirements?.id).map((id, i) => ({ id, ...(en[i] ? { en: en[i] } : {}) })));
}

/** A workflow's errors as field errors in the caller's language (the engine words them in both). */
function workflowErrors(lang: 'id' | 'en', input: unknown, errors: WorkflowError[], base = ''): FieldError[] {
  const steps = (input as { steps?: unknown[] } | null)?.steps;
  return errors.map((e) => {
    const index = Array.isArray(steps) ? steps.findIndex((s) => (s as { id?: unknown } | null)?.id === e.stepId) : -1;
    return { field: e.stepId !== null && index >= 0 ? `${base}/steps/${index}` : base || '/', code: e.code, message: lang === 'en' ? e.messageEn : e.messageId };
  });
}

/** Where checks look: the database (or the publishing transaction), the tenant, the language of the workflow's words. */
interface Scope {
  db: Db;
  tenantId: string;
  lang: 'id' | 'en';
}
const scopeOf = (ctx: ApplicationContext): Scope => ({ db: ctx.db, tenantId: ctx.tenant.id, lang: ctx.lang });

/** The agencies a workflow's steps name (technical recommendations) that the tenant does not have. */
async function unknownAgencies(scope: Scope, workflow: WorkflowDefinition, base = ''): Promise<PendingFieldError[]> {
  const codes = new Set((await listAgencies(scope.db, { id: scope.tenantId })).map((a) => a.code));
  return workflow.steps.flatMap((s, i) =>
    s.kind === 'task' && s.agency && !codes.has(s.agency)
      ? [{ field: `${base}/steps/${i}/agency`, code: 'unknown_agency', messageKey: 'app.workflow.unknown_agency' as const, vars: { agency: s.agency } }]
      : [],
  );
}

/** Saves the service's draft workflow: refused (400) unless validateWorkflow passes and every agency named exists. Audited. */
export async function saveServiceWorkflow(ctx: ApplicationContext, input: { serviceId: string; officer: OfficerRef; workflow: unknown }): Promise<ServiceSetup> {
  const service = await managedService(ctx, input.serviceId, input.officer);
  const checked = validateWorkflow(input.workflow);
  if (!checked.ok) throw workflowInvalid(workflowErrors(ctx.lang, input.workflow, checked.errors));
  const agencies = await unknownAgencies(scopeOf(ctx), checked.definition);
  if (agencies.length > 0) throw new DomainError('application.workflow_invalid', 400, 'app.error.workflow_invalid', {}, agencies);
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await upsertSetup(trx, ctx.tenant.id, service.id, { workflow: checked.definition }, actorRef(ctx.actor), ctx.now());
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'application.workflow_saved',
      subject: `service:${service.id}`,
      data: { steps: checked.definition.steps.length, deemedApproval: checked.definition.deemedApproval, revisionPolicy: checked.definition.revisionPolicy },
    });
  });
  return getServiceSetup(ctx, input);
}

/**
 * What publishing the service now would say about its form and workflow, against the draft standard:
 * the same checks as the publication itself (requirements mapped, workflow valid), without publishing.
 */
export async function checkServiceSetup(ctx: ApplicationContext, input: { serviceId: string; officer: OfficerRef }): Promise<{ ok: boolean; errors: FieldError[] }> {
  const service = await managedService(ctx, input.serviceId, input.officer);
  const setup = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectSetup(trx, ctx.tenant.id, service.id));
  const errors = await setupErrors(scopeOf(ctx), setup?.form ?? null, setup?.workflow ?? null, componentLines(service.draft.components.persyaratan?.id), service.draft.completionDays);
  // A result, not a refusal: translated here (the error handler translates refusals).
  return { ok: errors.length === 0, errors: errors.map((e) => ('messageKey' in e ? { field: e.field, code: e.code, message: t(ctx.lang, e.messageKey, e.vars) } : e)) };
}

/**
 * The errors that keep a setup from being published: a form without a workflow or the reverse, a form
 * that does not validate or leaves a requirement unmapped, a workflow that does not validate (with the
 * standard's jangka waktu) or names an agency the tenant does not have.
 */
async function setupErrors(
  scope: Scope,
  form: FormDefinition | null,
  workflow: WorkflowDefinition | null,
  requirements: string[],
  completionDays: number | null,
  version = 1,
): Promise<(PendingFieldError | FieldError)[]> {
  const errors: (PendingFieldError | FieldError)[] = [];
  if (!form) errors.push({ field: '/form', code: 'form_missing', messageKey: 'app.setup.form_missing' });
  if (!workflow) errors.push({ field: '/workflow', code: 'workflow_missing', messageKey: 'app.setup.workflow_missing' });
  if (form) {
    const checked = validateForm(form);
    if (!checked.ok) errors.push(...checked.errors.map((e) => ({ ...e, field: `/form${e.field}` })));
    else errors.push(...checkRequirements(form, requirements));
  }
  if (workflow) {
    const frozen = freezeWorkflow(workflow, version, completionDays);
    const checked = validateWorkflow(frozen);
    if (!checked.ok) errors.push(...workflowErrors(scope.lang, frozen, checked.errors, '/workflow'));
    else errors.push(...(await unknownAgencies(scope, frozen, '/workflow')));
  }
  return errors;
}

/** The workflow as published: the version's number, and the standard's jangka waktu (the standard is the source). */
function freezeWorkflow(workflow: WorkflowDefinition, version: number, completionDays: number | null): WorkflowDefinition {
  return { ...workflow, version, serviceDays: completionDays ?? workflow.serviceDays };
}

/**
 * The catalogue's publish check (registered in module.ts): inside the publishing transaction, freezes
 * the service's draft form and workflow for the new version, or refuses the publication with field
 * errors naming each requirement without a field and each workflow problem. A service without a form
 * or workflow publishes without an online application.
 */
export async function checkServicePublication(trx: Tx, input: PublishCheckInput): Promise<PublishCheckResult> {
  const setup = await selectSetup(trx, input.tenantId, input.serviceId, true);
  const templateErrors = templateFieldErrors(setup?.form ?? null, input.definition.documentTemplate);
  if (templateErrors.length > 0) return { errors: templateErrors };
  if (!setup || (!setup.form && !setup.workflow)) return { errors: [] };
  const errors = await setupErrors({ db: trx, tenantId: input.tenantId, lang: input.ctx.lang }, setup.form, setup.workflow, input.requirements, input.definition.completionDays, input.version);
  if (errors.length > 0) {
    // The publisher's language for the workflow's words (already translated); keys stay keys.
    return { errors: errors.map((e) => ('messageKey' in e ? e : { field: e.field, code: e.code, messageKey: 'app.setup.workflow_error', vars: { message: e.message } })) };
  }
  const feeErrors = feeFieldErrors(setup.form!, input.definition.feeRule);
  if (feeErrors.length > 0) return { errors: feeErrors };
  const workflow = freezeWorkflow(setup.workflow!, input.version, input.definition.completionDays);
  const at = input.ctx.now();
  await insertFrozen(trx, input.tenantId, { serviceVersionId: input.versionId, serviceId: input.serviceId, version: input.version, form: setup.form!, workflow, frozenAt: at });
  await markPublished(trx, input.tenantId, input.serviceId);
  await input.ctx.audit.append(trx, {
    tenantId: input.tenantId,
    actor: actorRef(input.ctx.actor),
    action: 'application.setup_frozen',
    subject: `service:${input.serviceId}`,
    data: { versionId: input.versionId, version: input.version, serviceDays: workflow.serviceDays, deemedApproval: workflow.deemedApproval },
  });
  return { errors: [], pending: setup.pending };
}

/**
 * The standard's fee rule reads a field of this form (the catalogue cannot know the form): a per-unit
 * rule needs a number field, a table rule a choice field whose options are the table's rows — outside
 * any repeatable group, so an application has one answer to bill.
 */
function feeFieldErrors(form: FormDefinition, rule: Parameters<typeof feeRuleField>[0]): PendingFieldError[] {
  const wanted = feeRuleField(rule);
  if (!wanted) return [];
  const group = form.groups.find((g) => !g.repeatable && g.fields.some((f) => f.id === wanted.field));
  const field = group?.fields.find((f) => f.id === wanted.field);
  const fits =
    field !== undefined &&
    (wanted.type === 'number'
      ? field.type === 'number' || field.type === 'rupiah'
      : field.type === 'select' && wanted.values!.every((v) => field.options?.some((o) => o.value === v)));
  return fits ? [] : [{ field: '/feeRule/field', code: 'fee_field', messageKey: 'app.setup.fee_field', vars: { field: wanted.field } }];
}

/** The standard's output document prints answers of this form: each a top-level field (one answer per application). */
function templateFieldErrors(form: FormDefinition | null, template: Parameters<typeof documentTemplateFields>[0]): PendingFieldError[] {
  const present = new Set((form?.groups ?? []).filter((g) => !g.repeatable).flatMap((g) => g.fields.map((f) => f.id)));
  return documentTemplateFields(template).flatMap((field, i) =>
    present.has(field) ? [] : [{ field: `/documentTemplate/fields/${i}/field`, code: 'template_field', messageKey: 'app.setup.template_field' as const, vars: { field } }],
  );
}

// ---- the published form and workflow of a version ----

/** Frozen versions never change: each process keeps the ones it has read (bounded). */
const frozenCache = new Map<string, FrozenRow>();
const FROZEN_CACHE_SIZE = 500;

/** The form and workflow of a published version, or undefined when it has no online application. */
export async function frozenVersion(ctx: ApplicationContext, serviceVersionId: string): Promise<FrozenRow | undefined> {
  const key = `${ctx.tenant.id}:${serviceVersionId}`;
  const hit = frozenCache.get(key);
  if (hit) return hit;
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectFrozen(trx, ctx.tenant.id, serviceVersionId));
  if (!row) return undefined;
  if (frozenCache.size >= FROZEN_CACHE_SIZE) frozenCache.delete(frozenCache.keys().next().value!);
  frozenCache.set(key, row);
  return row;
}

export interface ApplyInfo {
  service: PublicService;
  /** False: the service takes no online application (no form with its published version). */
  online: boolean;
  form: FormDefinition | null;
  /** The steps the applicant will meet, in definition order, and the standard's jangka waktu. */
  workflow: { serviceDays: number; steps: { id: string; name: { id: string; en: string } }[] } | null;
}

/** What the apply page of a published service needs: whether it takes applications online, and its form. */
export async function getApplyInfo(ctx: ApplicationContext, serviceId: string): Promise<ApplyInfo> {
  const service = await getService(ctx, serviceId);
  const frozen = await frozenVersion(ctx, service.versionId);
  if (!frozen) return { service, online: false, form: null, workflow: null };
  return {
    service,
    online: true,
    form: frozen.form,
    workflow: {
      serviceDays: frozen.workflow.serviceDays,
      steps: frozen.workflow.steps.filter((s) => s.kind === 'task' || s.kind === 'wait').map((s) => ({ id: s.id, name: s.name })),
    },
  };
}

// ---- settings ----

export async function getApplicationSettings(ctx: ApplicationContext): Promise<SettingsRow> {
  return (await withTenant(ctx.db, ctx.tenant.id, (trx) => selectSettings(trx, ctx.tenant.id))) ?? DEFAULT_SETTINGS;
}

/** The tenant's draft settings: kept 1..365 days, a reminder 0..60 days before (0: none), fewer than kept. */
export async function saveApplicationSettings(ctx: ApplicationContext, input: SettingsRow): Promise<SettingsRow> {
  const errors: PendingFieldError[] = [];
  if (!Number.isInteger(input.draftTtlDays) || input.draftTtlDays < 1 || input.draftTtlDays > 365) {
    errors.push({ field: '/draftTtlDays', code: 'range', messageKey: 'field.maximum', vars: { limit: 365 } });
  }
  if (!Number.isInteger(input.draftReminderDays) || input.draftReminderDays < 0 || input.draftReminderDays >= input.draftTtlDays) {
    errors.push({ field: '/draftReminderDays', code: 'range', messageKey: 'app.settings.reminder_range' });
  }
  if (errors.length > 0) throw new DomainError('validation', 400, 'error.validation', {}, errors);
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await upsertSettings(trx, ctx.tenant.id, input);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'application.settings_saved', subject: `tenant:${ctx.tenant.id}`, data: { ...input } });
  });
  return input;
}
