// The form builder, no JavaScript needed: a service's form as its groups and fields, each with structured
// forms to add, edit, move and remove it (the fifteen types, words in both languages, required, the
// type's settings, repeating groups, "show when field X equals Y", the requirement of the standard the
// field satisfies); the standard's requirements with the fields that answer them; "start from the
// standard's requirements" while the form is empty; the preview as a citizen sees it. Every POST goes
// through handleForm: saveServiceForm judges the whole definition, and a refusal shows the form again
// with what was typed and each error beside its input. The island (web/client/form-builder.ts) sends
// the same forms without leaving the page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../platform/errors.js';
import { type Lang, t } from '../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { Checkboxes, ErrorSummary, Field, Form, handleForm, Select, TextArea } from '../../../web/form.js';
import { FIELD_TYPES, FILE_DEFAULTS, type FieldDefinition, type FormDefinition, type GroupDefinition, REGION_LEVELS } from '../forms/definition.js';
import { GroupInputs } from '../intake/form-fields.js';
import {
  FILE_TYPES,
  fieldFromPosted,
  groupFromPosted,
  many,
  move,
  one,
  type Posted,
  putField,
  putGroup,
  remove,
  requirementCoverage,
  requirementOf,
  targetGroup,
} from './form-edit.js';
import { errorsAt, loadOverview, onPage, readPosted, refuseInput, SaveRow, sendSetupPage, type ServiceParams, servicePath, setupInput, withPart, withService, words } from './page-kit.js';
import { saveServiceForm, type SetupOverview, suggestServiceForm } from './service.js';
import './strings.js';

type FieldParams = { Params: { id: string; fieldId: string } };
type GroupParams = { Params: { id: string; groupId: string } };
const NEW_GROUP = '__baru';

const typeName = (lang: Lang, type: string) => t(lang, `app.builder.type.${type}` as 'app.builder.type.text');

/** Where an error of the whole definition shows on the builder page: beside the field or group it names. */
function builderPointer(form: FormDefinition) {
  return (pointer: string) => {
    const m = /^\/groups\/(\d+)(?:\/fields\/(\d+))?/.exec(pointer);
    const group = m ? form.groups[Number(m[1])] : undefined;
    const field = m?.[2] !== undefined ? group?.fields[Number(m[2])] : undefined;
    if (field) return `/field-${field.id}`;
    if (group) return `/group-${group.id}`;
    return /^\/requirements/.test(pointer) ? '/requirements' : '/';
  };
}

const FIELD_INPUTS: Record<string, string> = {
  id: '/id',
  type: '/type',
  label: '/label_id',
  help: '/help_id',
  required: '/required',
  maxLength: '/maxLength',
  min: '/min',
  max: '/max',
  integer: '/integer',
  minDate: '/minDate',
  maxDate: '/maxDate',
  options: '/options',
  maxChoices: '/maxChoices',
  level: '/level',
  accept: '/accept',
  maxBytes: '/maxMb',
  maxFiles: '/maxFiles',
};

/** Where an error of the whole definition shows on a field's page: beside the input it names, else at the top. */
function fieldPointer(form: FormDefinition, fieldId: string) {
  const g = form.groups.findIndex((gr) => gr.fields.some((f) => f.id === fieldId));
  const f = g < 0 ? -1 : form.groups[g]!.fields.findIndex((x) => x.id === fieldId);
  const prefix = `/groups/${g}/fields/${f}`;
  return (pointer: string) => {
    if (pointer === prefix || pointer.startsWith(`${prefix}/`)) {
      const [part = '', sub] = pointer.slice(prefix.length + 1).split('/');
      if (part === 'visibleIf') return sub === 'value' ? '/when_value' : '/when_field';
      return FIELD_INPUTS[part] ?? '/';
    }
    if (pointer === `/groups/${g}/id`) return '/new_group_id';
    if (pointer.startsWith(`/groups/${g}/title`)) return '/new_group_title_id';
    return /^\/requirements\//.test(pointer) ? '/requirement' : '/';
  };
}

/** A group's page: its own settings' errors beside their inputs. */
function groupPointer(form: FormDefinition, groupId: string) {
  const g = form.groups.findIndex((gr) => gr.id === groupId);
  return (pointer: string) => {
    const m = new RegExp(`^/groups/${g}/(\\w+)(?:/(\\w+))?`).exec(pointer);
    if (!m || m[1] === 'fields') return '/';
    if (m[1] === 'visibleIf') return m[2] === 'value' ? '/when_value' : '/when_field';
    if (m[1] === 'repeatable') return '/repeat_min';
    return m[1] === 'title' ? '/title_id' : m[1] === 'description' ? '/description_id' : '/';
  };
}

/** A field's structured inputs from its definition (the values a GET shows). */
function postedOfField(form: FormDefinition | null, field: FieldDefinition, group: GroupDefinition): Posted {
  const num = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    id: field.id,
    type: field.type,
    label_id: field.label.id,
    label_en: field.label.en,
    help_id: field.help?.id ?? '',
    help_en: field.help?.en ?? '',
    required: field.required ? 'true' : '',
    group: group.id,
    requirement: requirementOf(form, field.id),
    when_field: field.visibleIf?.field ?? '',
    when_value: field.visibleIf?.value === undefined ? '' : String(field.visibleIf.value),
    maxLength: num(field.maxLength),
    min: num(field.min),
    max: num(field.max),
    integer: field.integer ? 'true' : '',
    minDate: field.minDate ?? '',
    maxDate: field.maxDate ?? '',
    options: (field.options ?? []).map((o) => `${o.value} | ${o.label.id} | ${o.label.en}`).join('\n'),
    maxChoices: num(field.maxChoices),
    level: field.level ?? '',
    accept: [...(field.accept ?? [])],
    maxMb: field.maxBytes === undefined ? '' : String(Math.round((field.maxBytes / 1024 / 1024) * 100) / 100),
    maxFiles: num(field.maxFiles),
  };
}

/** The inputs every page of the builder shows the same way (the posted value, its error beside it). */
function inputs(lang: Lang, values: Posted, errors: readonly FieldError[] | undefined) {
  return {
    text: (name: string, label: string, hint?: string, type?: string) => <Field name={name} label={label} lang={lang} errors={errors} value={one(values, name)} hint={hint} type={type} required={false} />,
    area: (name: string, label: string, hint?: string) => <TextArea name={name} label={label} lang={lang} errors={errors} value={one(values, name)} hint={hint} rows={3} required={false} />,
    tick: (name: string, label: string) => <Checkboxes name={name} legend={label} lang={lang} errors={errors} values={many(values, name)} options={[{ value: 'true', label: t(lang, 'app.page.yes') }]} required={false} />,
    choose: (name: string, label: string, options: { value: string; label: string }[], empty?: string, hint?: string) => (
      <Select name={name} label={label} lang={lang} errors={errors} value={one(values, name)} options={options} emptyLabel={empty} hint={hint} required={false} />
    ),
  };
}

const inId = (lang: Lang, label: string) => `${label} (${t(lang, 'app.builder.lang_id')})`;
const inEn = (lang: Lang, label: string) => `${label} (${t(lang, 'app.builder.lang_en')})`;

/** The fields of the form a condition may name (earlier answers; not the field itself). */
const conditionOptions = (form: FormDefinition | null, lang: Lang, except?: string) =>
  (form?.groups ?? []).flatMap((g) => g.fields.filter((f) => f.id !== except).map((f) => ({ value: f.id, label: `${words(f.label, lang)} (${f.id})` })));

/** "Show only when field X equals Y". */
function VisibilityInputs(props: { lang: Lang; values: Posted; errors?: readonly FieldError[]; form: FormDefinition | null; except?: string }) {
  const { lang } = props;
  const ui = inputs(lang, props.values, props.errors);
  return (
    <fieldset>
      <legend>{t(lang, 'app.builder.visibility')}</legend>
      {ui.choose('when_field', t(lang, 'app.builder.when_field'), conditionOptions(props.form, lang, props.except), t(lang, 'app.builder.always'))}
      {ui.text('when_value', t(lang, 'app.builder.when_value'), t(lang, 'app.builder.when_value_hint'))}
    </fieldset>
  );
}

async function fieldPage(
  request: FastifyRequest<FieldParams>,
  reply: FastifyReply,
  overview: SetupOverview,
  state: { values?: Posted; errors?: FieldError[]; status?: number },
) {
  const lang = request.lang;
  const form = overview.form;
  const isNew = request.params.fieldId === undefined;
  const found = isNew ? undefined : form?.groups.flatMap((g) => g.fields.map((f) => ({ g, f }))).find((x) => x.f.id === request.params.fieldId);
  if (!isNew && !found) return reply.callNotFound();
  const values: Posted = state.values ?? (found ? postedOfField(form, found.f, found.g) : { type: 'text', required: 'true', group: form?.groups.at(-1)?.id ?? NEW_GROUP, maxFiles: '1', maxMb: '5' });
  const errors = state.errors;
  const ui = inputs(lang, values, errors);
  const here = servicePath(request, overview.serviceId);
  const heading = isNew ? t(lang, 'app.builder.field.new') : t(lang, 'app.builder.field.edit', { label: words(found!.f.label, lang) });
  const groups = [...(form?.groups ?? []).map((g) => ({ value: g.id, label: words(g.title, lang) })), { value: NEW_GROUP, label: t(lang, 'app.builder.group.new_option') }];
  return sendSetupPage(
    reply,
    { request, overview, tab: 'form', heading, status: state.status },
    <>
      <ErrorSummary lang={lang} errors={errors} />
      <Form request={request} action={`${here}/formulir/isian/${isNew ? 'baru' : request.params.fieldId}`} class="stack">
        {ui.text('label_id', inId(lang, t(lang, 'app.builder.label')))}
        {ui.text('label_en', inEn(lang, t(lang, 'app.builder.label')), t(lang, 'app.builder.en_hint'))}
        {ui.text('id', t(lang, 'app.builder.id'), t(lang, 'app.builder.id_hint'))}
        {ui.choose('type', t(lang, 'app.builder.type'), FIELD_TYPES.map((type) => ({ value: type, label: typeName(lang, type) })))}
        {ui.tick('required', t(lang, 'app.builder.required'))}
        {ui.area('help_id', inId(lang, t(lang, 'app.builder.help')))}
        {ui.area('help_en', inEn(lang, t(lang, 'app.builder.help')))}
        {ui.choose('requirement', t(lang, 'app.builder.requirement'), overview.requirements.map((r) => ({ value: r.id, label: words(r, lang) })), t(lang, 'app.builder.requirement_none'), t(lang, 'app.builder.requirement_hint'))}
        <fieldset>
          <legend>{t(lang, 'app.builder.group')}</legend>
          {ui.choose('group', t(lang, 'app.builder.group.which'), groups)}
          {ui.text('new_group_id', t(lang, 'app.builder.group.new_id'), t(lang, 'app.builder.group.new_hint'))}
          {ui.text('new_group_title_id', inId(lang, t(lang, 'app.builder.group.title')))}
          {ui.text('new_group_title_en', inEn(lang, t(lang, 'app.builder.group.title')))}
        </fieldset>
        <VisibilityInputs lang={lang} values={values} errors={errors} form={form} except={found?.f.id} />
        <h2>{t(lang, 'app.builder.settings')}</h2>
        <p class="hint">{t(lang, 'app.builder.settings_hint')}</p>
        <fieldset>
          <legend>{t(lang, 'app.builder.settings.text')}</legend>
          {ui.text('maxLength', t(lang, 'app.builder.max_length'), undefined, 'number')}
        </fieldset>
        <fieldset>
          <legend>{t(lang, 'app.builder.settings.number')}</legend>
          {ui.text('min', t(lang, 'app.builder.min'))}
          {ui.text('max', t(lang, 'app.builder.max'))}
          {ui.tick('integer', t(lang, 'app.builder.integer'))}
        </fieldset>
        <fieldset>
          <legend>{t(lang, 'app.builder.settings.date')}</legend>
          {ui.text('minDate', t(lang, 'app.builder.min_date'), t(lang, 'app.builder.date_hint'))}
          {ui.text('maxDate', t(lang, 'app.builder.max_date'), t(lang, 'app.builder.date_hint'))}
        </fieldset>
        <fieldset>
          <legend>{t(lang, 'app.builder.settings.select')}</legend>
          {ui.area('options', t(lang, 'app.builder.options'), t(lang, 'app.builder.options_hint'))}
          {ui.text('maxChoices', t(lang, 'app.builder.max_choices'), undefined, 'number')}
        </fieldset>
        <fieldset>
          <legend>{t(lang, 'app.builder.settings.region')}</legend>
          {ui.choose('level', t(lang, 'app.builder.level'), REGION_LEVELS.map((l) => ({ value: l, label: t(lang, `app.builder.level.${l}` as 'app.builder.level.village') })), t(lang, 'app.builder.level_any'))}
        </fieldset>
        <fieldset>
          <legend>{t(lang, 'app.builder.settings.file')}</legend>
          <Checkboxes name="accept" legend={t(lang, 'app.builder.accept')} lang={lang} errors={errors} values={many(values, 'accept')} options={FILE_TYPES.map((a) => ({ value: a, label: a.split('/')[1]!.toUpperCase() }))} required={false} hint={t(lang, 'app.builder.accept_hint')} />
          {ui.text('maxMb', t(lang, 'app.builder.max_mb'), t(lang, 'app.builder.max_mb_hint', { mb: FILE_DEFAULTS.maxBytes / 1024 / 1024 }))}
          {ui.text('maxFiles', t(lang, 'app.builder.max_files'), undefined, 'number')}
        </fieldset>
        <SaveRow lang={lang} back={`${here}/formulir`} />
      </Form>
    </>,
  );
}

async function groupPage(request: FastifyRequest<GroupParams>, reply: FastifyReply, overview: SetupOverview, state: { values?: Posted; errors?: FieldError[]; status?: number }) {
  const lang = request.lang;
  const group = overview.form?.groups.find((g) => g.id === request.params.groupId);
  if (!group) return reply.callNotFound();
  const values: Posted = state.values ?? {
    title_id: group.title.id,
    title_en: group.title.en,
    description_id: group.description?.id ?? '',
    description_en: group.description?.en ?? '',
    repeatable: group.repeatable ? 'true' : '',
    repeat_min: String(group.repeatable?.min ?? 0),
    repeat_max: String(group.repeatable?.max ?? 10),
    item_label_id: group.repeatable?.itemLabel.id ?? '',
    item_label_en: group.repeatable?.itemLabel.en ?? '',
    when_field: group.visibleIf?.field ?? '',
    when_value: group.visibleIf?.value === undefined ? '' : String(group.visibleIf.value),
  };
  const ui = inputs(lang, values, state.errors);
  const here = servicePath(request, overview.serviceId);
  const heading = t(lang, 'app.builder.group.edit', { title: words(group.title, lang) });
  const earlier = overview.form!.groups.slice(0, overview.form!.groups.indexOf(group));
  return sendSetupPage(
    reply,
    { request, overview, tab: 'form', heading, status: state.status },
    <>
      <ErrorSummary lang={lang} errors={state.errors} />
      <Form request={request} action={`${here}/formulir/kelompok/${group.id}`} class="stack">
        {ui.text('title_id', inId(lang, t(lang, 'app.builder.group.title')))}
        {ui.text('title_en', inEn(lang, t(lang, 'app.builder.group.title')))}
        {ui.area('description_id', inId(lang, t(lang, 'app.builder.group.description')))}
        {ui.area('description_en', inEn(lang, t(lang, 'app.builder.group.description')))}
        <fieldset>
          <legend>{t(lang, 'app.builder.group.repeat')}</legend>
          {ui.tick('repeatable', t(lang, 'app.builder.group.repeatable'))}
          {ui.text('repeat_min', t(lang, 'app.builder.group.repeat_min'), undefined, 'number')}
          {ui.text('repeat_max', t(lang, 'app.builder.group.repeat_max'), undefined, 'number')}
          {ui.text('item_label_id', inId(lang, t(lang, 'app.builder.group.item_label')), t(lang, 'app.builder.group.item_label_hint'))}
          {ui.text('item_label_en', inEn(lang, t(lang, 'app.builder.group.item_label')))}
        </fieldset>
        <VisibilityInputs lang={lang} values={values} errors={state.errors} form={{ groups: earlier, requirements: [] }} />
        <SaveRow lang={lang} back={`${here}/formulir`} />
      </Form>
    </>,
  );
}

/** A small form of buttons (move up, move down, remove) for one field or group; the island sends it in place. */
function ItemButtons(props: { request: FastifyRequest; action: string; what: 'field' | 'group'; id: string; label: string; first: boolean; last: boolean }) {
  const { request, what, id, label } = props;
  const lang = request.lang;
  const hidden = (text: string) => <span class="visually-hidden"> {text}</span>;
  return (
    <Form request={request} action={props.action} class="inline-form button-row builder-buttons">
      {props.first ? null : (
        <button type="submit" class="secondary" name="aksi" value={`naik:${what}:${id}`} data-builder="move">
          {t(lang, 'app.builder.up')}
          {hidden(label)}
        </button>
      )}
      {props.last ? null : (
        <button type="submit" class="secondary" name="aksi" value={`turun:${what}:${id}`} data-builder="move">
          {t(lang, 'app.builder.down')}
          {hidden(label)}
        </button>
      )}
      <button type="submit" class="secondary" name="aksi" value={`hapus:${what}:${id}`} data-builder="remove">
        {t(lang, 'app.builder.remove')}
        {hidden(label)}
      </button>
    </Form>
  );
}

function fieldFacts(lang: Lang, form: FormDefinition, field: FieldDefinition): string {
  const facts = [typeName(lang, field.type), field.required ? t(lang, 'app.builder.fact.required') : t(lang, 'app.builder.fact.optional')];
  const requirement = requirementOf(form, field.id);
  if (requirement) facts.push(t(lang, 'app.builder.fact.requirement', { requirement }));
  if (field.visibleIf) facts.push(t(lang, 'app.builder.fact.when', { field: field.visibleIf.field, value: String(field.visibleIf.value ?? '') }));
  return facts.join(' · ');
}

async function builderPage(request: FastifyRequest<ServiceParams>, reply: FastifyReply, overview: SetupOverview, state: { values?: Posted; errors?: FieldError[]; status?: number } = {}) {
  const lang = request.lang;
  const form = overview.form;
  const here = servicePath(request, overview.serviceId);
  const errors = state.errors;
  const labels: Record<string, string> = {};
  for (const g of form?.groups ?? []) {
    labels[`group-${g.id}`] = words(g.title, lang);
    for (const f of g.fields) labels[`field-${f.id}`] = words(f.label, lang);
  }
  const coverage = requirementCoverage(form, overview.requirements);
  const fieldLabel = (id: string) => words(form?.groups.flatMap((g) => g.fields).find((f) => f.id === id)?.label, lang) || id;
  const values = state.values ?? { type: 'text', required: 'true', group: form?.groups.at(-1)?.id ?? NEW_GROUP };
  const ui = inputs(lang, values, errors);
  const heading = t(lang, 'app.builder.form.title');
  const ErrorsBeside = ({ pointer }: { pointer: string }) => (
    <>
      {errorsAt(errors, pointer).map((e) => (
        <p class="field-error" key={e.code + e.message}>
          {e.message}
        </p>
      ))}
    </>
  );
  return sendSetupPage(
    reply,
    { request, overview, tab: 'form', heading, status: state.status },
    <>
      <ErrorSummary lang={lang} errors={errors} labels={labels} ids={{ requirements: 'requirements' }} />
      <section aria-labelledby="requirements-title">
        <h2 id="requirements-title">{t(lang, 'app.builder.requirements.title')}</h2>
        {coverage.length === 0 ? (
          <p>{t(lang, 'app.builder.requirements.none')}</p>
        ) : (
          <ul class="checklist" id="requirements">
            {coverage.map((c) => (
              <li key={c.requirement.id}>
                {words(c.requirement, lang)}:{' '}
                {c.fields.length > 0 ? c.fields.map(fieldLabel).join(', ') : <strong class="flag flag-warning">{t(lang, 'app.builder.requirements.unmapped')}</strong>}
              </li>
            ))}
          </ul>
        )}
        <ErrorsBeside pointer="/requirements" />
      </section>
      <div id="form-builder">
        {!form ? (
          <>
            <p>{t(lang, 'app.builder.form.empty')}</p>
            {overview.requirements.length > 0 ? (
              <Form request={request} action={`${here}/formulir`} class="inline-form">
                <button type="submit" name="aksi" value="saran">
                  {t(lang, 'app.builder.form.suggest')}
                </button>
              </Form>
            ) : null}
          </>
        ) : (
          form.groups.map((g, gi) => (
            <section class="builder-group" id={`f-group-${g.id}`} key={g.id} aria-labelledby={`t-group-${g.id}`}>
              <h2 id={`t-group-${g.id}`}>{words(g.title, lang)}</h2>
              <p class="meta">
                {g.id}
                {g.repeatable ? ` · ${t(lang, 'app.builder.fact.repeatable', { min: g.repeatable.min, max: g.repeatable.max })}` : ''}
                {g.visibleIf ? ` · ${t(lang, 'app.builder.fact.when', { field: g.visibleIf.field, value: String(g.visibleIf.value ?? '') })}` : ''}
              </p>
              <ErrorsBeside pointer={`/group-${g.id}`} />
              <p>
                <a href={`${here}/formulir/kelompok/${g.id}`}>
                  {t(lang, 'app.builder.group.edit_link')}
                  <span class="visually-hidden"> {words(g.title, lang)}</span>
                </a>
              </p>
              <ItemButtons request={request} action={`${here}/formulir`} what="group" id={g.id} label={words(g.title, lang)} first={gi === 0} last={gi === form.groups.length - 1} />
              <ol class="builder-fields">
                {g.fields.map((f, fi) => (
                  <li key={f.id} id={`f-field-${f.id}`} data-field={f.id}>
                    <strong>{words(f.label, lang)}</strong>
                    <p class="meta">
                      {f.id} · {fieldFacts(lang, form, f)}
                    </p>
                    <ErrorsBeside pointer={`/field-${f.id}`} />
                    <a href={`${here}/formulir/isian/${f.id}`}>
                      {t(lang, 'app.builder.field.edit_link')}
                      <span class="visually-hidden"> {words(f.label, lang)}</span>
                    </a>
                    <ItemButtons request={request} action={`${here}/formulir`} what="field" id={f.id} label={words(f.label, lang)} first={fi === 0} last={fi === g.fields.length - 1} />
                  </li>
                ))}
              </ol>
            </section>
          ))
        )}
      </div>
      <section aria-labelledby="quick-add-title">
        <h2 id="quick-add-title">{t(lang, 'app.builder.quick_add')}</h2>
        <Form request={request} action={`${here}/formulir/isian/baru`} class="stack">
          <input type="hidden" name="from" value="builder" />
          {ui.text('label_id', inId(lang, t(lang, 'app.builder.label')))}
          {ui.text('label_en', inEn(lang, t(lang, 'app.builder.label')), t(lang, 'app.builder.en_hint'))}
          {ui.text('id', t(lang, 'app.builder.id'), t(lang, 'app.builder.id_hint'))}
          {ui.choose('type', t(lang, 'app.builder.type'), FIELD_TYPES.map((type) => ({ value: type, label: typeName(lang, type) })))}
          {ui.tick('required', t(lang, 'app.builder.required'))}
          {ui.choose('requirement', t(lang, 'app.builder.requirement'), overview.requirements.map((r) => ({ value: r.id, label: words(r, lang) })), t(lang, 'app.builder.requirement_none'))}
          {ui.choose('group', t(lang, 'app.builder.group.which'), [...(form?.groups ?? []).map((g) => ({ value: g.id, label: words(g.title, lang) })), { value: NEW_GROUP, label: t(lang, 'app.builder.group.new_option') }])}
          {ui.text('new_group_id', t(lang, 'app.builder.group.new_id'), t(lang, 'app.builder.group.new_hint'))}
          {ui.text('new_group_title_id', inId(lang, t(lang, 'app.builder.group.title')))}
          <div class="button-row">
            <button type="submit" data-builder="add">
              {t(lang, 'app.builder.add')}
            </button>
            <a href={`${here}/formulir/isian/baru`}>{t(lang, 'app.builder.add_full')}</a>
          </div>
        </Form>
      </section>
      <script type="module" src="/static/build/form-builder.js" />
    </>,
  );
}

async function previewPage(request: FastifyRequest<ServiceParams>, reply: FastifyReply, overview: SetupOverview) {
  const lang = request.lang;
  const heading = t(lang, 'app.builder.preview.title');
  // Every field shows, with its condition said in words: the preview has no answers to decide by.
  const shown = (g: GroupDefinition): GroupDefinition => ({ ...g, fields: g.fields.map(({ visibleIf: _hidden, ...f }) => f) });
  return sendSetupPage(reply, { request, overview, tab: 'preview', heading }, <>
      <p class="warning" id="preview-banner">
        <strong>{t(lang, 'app.builder.preview.banner')}</strong> {t(lang, 'app.builder.preview.lead')}
      </p>
      {!overview.form ? (
        <p>{t(lang, 'app.builder.form.empty')}</p>
      ) : (
        overview.form.groups.map((g) => (
          <section key={g.id} class="preview" aria-labelledby={`p-${g.id}`}>
            <h2 id={`p-${g.id}`}>{words(g.title, lang)}</h2>
            {g.description ? <p>{words(g.description, lang)}</p> : null}
            {g.visibleIf || g.fields.some((f) => f.visibleIf) ? (
              <ul class="plain-list">
                {[g, ...g.fields]
                  .filter((x) => x.visibleIf)
                  .map((x) => (
                    <li key={x.id}>{t(lang, 'app.builder.preview.conditional', { what: words('title' in x ? x.title : x.label, lang), field: x.visibleIf!.field, value: String(x.visibleIf!.value ?? '') })}</li>
                  ))}
              </ul>
            ) : null}
            <fieldset disabled class="preview-inputs">
              <legend class="visually-hidden">{words(g.title, lang)}</legend>
              <GroupInputs group={shown(g)} answers={{}} lang={lang} errors={[]} basePath={request.basePath} preview />
            </fieldset>
          </section>
        ))
      )}
    </>);
}

export function registerFormBuilderPages(app: FastifyInstance, rt: ModuleRuntime) {
  const save = async (request: FastifyRequest<ServiceParams>, form: FormDefinition, map: (p: string) => string) => {
    const { ctx, input } = setupInput(request, rt);
    await onPage(() => saveServiceForm(ctx, { ...input, form }), map);
  };
  const builderUrl = (request: FastifyRequest<ServiceParams>, ok: string) => `${servicePath(request, request.params.id)}/formulir?ok=${ok}`;

  app.get<ServiceParams>('/kelola/permohonan/:id/formulir', withService, async (request, reply) => builderPage(request, reply, await loadOverview(request, rt)));
  app.get<ServiceParams>('/kelola/permohonan/:id/formulir/pratinjau', withService, async (request, reply) => previewPage(request, reply, await loadOverview(request, rt)));

  // Moving and removing fields and groups, and starting from the standard's requirements.
  app.post<ServiceParams>(
    '/kelola/permohonan/:id/formulir',
    withService,
    handleForm<Posted>({
      read: readPosted,
      act: async (request, values) => {
        const overview = await loadOverview(request as FastifyRequest<ServiceParams>, rt);
        const r = request as FastifyRequest<ServiceParams>;
        const [verb = '', what, id = ''] = one(values, 'aksi').split(':');
        if (verb === 'saran') {
          if (overview.form) return builderUrl(r, 'saved');
          const { ctx, input } = setupInput(r, rt);
          const suggested = await suggestServiceForm(ctx, input);
          await save(r, suggested, builderPointer(suggested));
          return builderUrl(r, 'suggested');
        }
        if (!overview.form || (what !== 'field' && what !== 'group')) return builderUrl(r, 'saved');
        const next = verb === 'hapus' ? remove(overview.form, what, id) : move(overview.form, what, id, verb === 'naik' ? 'up' : 'down');
        // The form's last field: the definition needs one, and the refusal says so at the top.
        await save(r, next, next.groups.length === 0 ? () => '/' : builderPointer(next));
        return builderUrl(r, verb === 'hapus' ? 'removed' : 'saved');
      },
      show: async (request, reply, values, errors, status) => builderPage(request as FastifyRequest<ServiceParams>, reply, await loadOverview(request as FastifyRequest<ServiceParams>, rt), { errors, status }),
    }),
  );

  const saveField = handleForm<Posted>({
    read: readPosted,
    act: async (request, values) => {
      const r = request as FastifyRequest<FieldParams>;
      const overview = await loadOverview(r, rt);
      const previousId = r.params.fieldId;
      if (previousId !== undefined && !overview.form?.groups.some((g) => g.fields.some((f) => f.id === previousId))) return builderUrl(r, 'saved');
      const read = fieldFromPosted(values);
      const group = targetGroup(values, overview.form, read.errors);
      refuseInput(read.errors);
      const next = putField(overview.form, { group, field: read.field, previousId, requirement: one(values, 'requirement') });
      await save(r, next, fieldPointer(next, read.field.id));
      return `${builderUrl(r, 'saved')}#f-field-${read.field.id}`;
    },
    show: async (request, reply, values, errors, status) => {
      const r = request as FastifyRequest<FieldParams>;
      // The builder's own quick-add form shows its refusal where it was typed.
      if (r.params.fieldId === undefined && one(values, 'from') === 'builder') return builderPage(r, reply, await loadOverview(r, rt), { values, errors, status });
      return fieldPage(r, reply, await loadOverview(r, rt), { values, errors, status });
    },
  });
  app.get<FieldParams>('/kelola/permohonan/:id/formulir/isian/baru', withService, async (request, reply) => fieldPage(request, reply, await loadOverview(request, rt), {}));
  app.post<FieldParams>('/kelola/permohonan/:id/formulir/isian/baru', withService, saveField);
  app.get<FieldParams>('/kelola/permohonan/:id/formulir/isian/:fieldId', withPart('fieldId'), async (request, reply) => fieldPage(request, reply, await loadOverview(request, rt), {}));
  app.post<FieldParams>('/kelola/permohonan/:id/formulir/isian/:fieldId', withPart('fieldId'), saveField);

  app.get<GroupParams>('/kelola/permohonan/:id/formulir/kelompok/:groupId', withPart('groupId'), async (request, reply) => groupPage(request, reply, await loadOverview(request, rt), {}));
  app.post<GroupParams>(
    '/kelola/permohonan/:id/formulir/kelompok/:groupId',
    withPart('groupId'),
    handleForm<Posted>({
      read: readPosted,
      act: async (request, values) => {
        const r = request as FastifyRequest<GroupParams>;
        const overview = await loadOverview(r, rt);
        const current = overview.form?.groups.find((g) => g.id === r.params.groupId);
        if (!overview.form || !current) return builderUrl(r, 'saved');
        const read = groupFromPosted(values, current);
        refuseInput(read.errors);
        const next = putGroup(overview.form, read.group);
        await save(r, next, groupPointer(next, current.id));
        return `${builderUrl(r, 'saved')}#f-group-${current.id}`;
      },
      show: async (request, reply, values, errors, status) => groupPage(request as FastifyRequest<GroupParams>, reply, await loadOverview(request as FastifyRequest<GroupParams>, rt), { values, errors, status }),
    }),
  );
}
