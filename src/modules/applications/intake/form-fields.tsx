// A form definition's group as HTML inputs (the form kit's components), with the answers as typed and
// the errors beside each field: the apply pages, the revision page and the admin's preview render the
// same thing. Which fields show is decided on the server from the answers so far (conditions are
// evaluated here; a field whose condition depends on an answer on the same page appears after that
// page is sent). Nothing here needs JavaScript.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../platform/errors.js';
import { type Lang, t } from '../../../platform/i18n/index.js';
import { Field, Radios, Select, TextArea } from '../../../web/form.js';
import { LocationPicker, PICKER_TEXT_KEYS, type PickerTexts } from '../../../web/location-picker.js';
import { findRegion, regionPath } from '../../identity/index.js';
import { type Answers, conditionHolds, type FileRef } from '../forms/answers.js';
import { FILE_DEFAULTS, type FieldDefinition, type FormDefinition, type GroupDefinition } from '../forms/definition.js';
import '../strings.js';
import { inputName, inputText } from './posted-answers.js';
import type { ReuseOffer, ReuseOffers } from './reuse.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The input's error pointer: `a.0.b` → `/a/0/b` (the kit matches errors by pointer). */
export const pointerOf = (name: string) => `/${name.split('.').join('/')}`;

/**
 * The validator's errors (`/answers/…`) as the pages' pointers: without the `/answers` prefix, and an
 * error inside a file list (`/surat/0`) on the file input itself.
 */
export function pageErrors(form: FormDefinition, errors: readonly FieldError[]): FieldError[] {
  const files = new Set(form.groups.flatMap((g) => g.fields.filter((f) => f.type === 'file').map((f) => f.id)));
  return errors.map((e) => {
    const parts = e.field.replace(/^\/answers(?=\/|$)/, '').split('/');
    const at = parts.findIndex((p) => files.has(p));
    const field = at > 0 ? parts.slice(0, at + 1).join('/') : parts.join('/');
    return { ...e, field: field || '/' };
  });
}

/** Whether a group shows, given the answers so far. */
export const groupVisible = (group: GroupDefinition, answers: Answers) => !group.visibleIf || conditionHolds(group.visibleIf, [answers]);

/** The fields of a group (or of one item of it) that show, given the answers so far. */
export function visibleFields(group: GroupDefinition, answers: Answers, item?: Answers): FieldDefinition[] {
  const scopes = item ? [item, answers] : [answers];
  return group.fields.filter((f) => !f.visibleIf || conditionHolds(f.visibleIf, scopes));
}

/** The labels of a group's inputs by name, for the error summary ("Nama: wajib diisi"). */
export function inputLabels(group: GroupDefinition, answers: Answers, lang: Lang): Record<string, string> {
  const labels: Record<string, string> = {};
  const items = group.repeatable ? (Array.isArray(answers[group.id]) ? (answers[group.id] as unknown[]) : []) : [undefined];
  items.forEach((_, i) => {
    for (const f of group.fields) {
      const name = inputName(f, group, i);
      const label = group.repeatable ? `${group.repeatable.itemLabel[lang]} ${i + 1} — ${f.label[lang]}` : f.label[lang];
      labels[name] = label;
      for (const sub of ['street', 'regionCode', 'postalCode', 'lat', 'lng']) labels[`${name}.${sub}`] = label;
    }
  });
  return labels;
}

export function fileSize(bytes: number, lang: Lang): string {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024 ? `${fmt.format(Math.max(bytes / 1024, 0.1))} KB` : `${fmt.format(bytes / 1024 / 1024)} MB`;
}

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
const typeNames = (accept: readonly string[]) => accept.map((a) => TYPE_NAMES[a] ?? a.split('/')[1]!.toUpperCase()).join(', ');

interface InputProps {
  field: FieldDefinition;
  name: string;
  value: unknown;
  lang: Lang;
  errors: readonly FieldError[];
  basePath: string;
  /** Inputs are shown but not sent (the admin's preview). */
  preview?: boolean;
  /** A file field's earlier documents the citizen may choose instead of uploading. */
  offers?: readonly ReuseOffer[];
  /** The tenant's time zone (dates of earlier documents). */
  timeZone?: string;
  /** The map a map-point field shows above its inputs (the tiles, the tenant's area); none: inputs only. */
  map?: PointMap;
}

export interface PointMap {
  tiles: { tileUrl: string; attribution: string };
  bounds?: readonly number[];
}

function hintOf(field: FieldDefinition, lang: Lang, extra?: string): ComponentChildren {
  const help = field.help?.[lang]?.trim();
  if (!help && !extra) return undefined;
  return [help, extra].filter(Boolean).join(' ');
}

/** One field as its input(s). */
export function AnswerInput(props: InputProps) {
  const { field, name, value, lang, errors } = props;
  const common = { name, label: field.label[lang], lang, errors, pointer: pointerOf(name), required: field.required };
  switch (field.type) {
    case 'long_text':
      return <TextArea {...common} value={inputText(value)} maxLength={field.maxLength ?? 4000} hint={hintOf(field, lang)} />;
    case 'number':
      return <Field {...common} value={inputText(value)} inputMode={field.integer ? 'numeric' : 'decimal'} hint={hintOf(field, lang)} />;
    case 'rupiah':
      return <Field {...common} value={inputText(value)} inputMode="numeric" hint={hintOf(field, lang, t(lang, 'app.page.hint.rupiah'))} />;
    case 'date':
      return <Field {...common} type="date" value={inputText(value)} hint={hintOf(field, lang)} />;
    case 'nik':
      return <Field {...common} value={inputText(value)} inputMode="numeric" autocomplete="off" maxLength={24} hint={hintOf(field, lang, t(lang, 'app.page.hint.nik'))} />;
    case 'phone':
      return <Field {...common} type="tel" value={inputText(value)} autocomplete="tel" hint={hintOf(field, lang)} />;
    case 'email':
      return <Field {...common} type="email" value={inputText(value)} autocomplete="email" hint={hintOf(field, lang)} />;
    case 'region':
      return <RegionInput {...props} />;
    case 'select': {
      const options = (field.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }));
      return options.length <= 5 ? (
        <Radios {...common} legend={field.label[lang]} value={inputText(value) || undefined} options={options} hint={hintOf(field, lang)} />
      ) : (
        <Select {...common} value={inputText(value)} options={options} emptyLabel={t(lang, 'app.page.choose')} hint={hintOf(field, lang)} />
      );
    }
    case 'multi_select':
      return <MultiSelect {...props} />;
    case 'checkbox':
      return <Tick {...props} />;
    case 'address':
      return <AddressInput {...props} />;
    case 'map_point':
      return <PointInput {...props} />;
    case 'file':
      return <FileInput {...props} />;
    default:
      return <Field {...common} value={inputText(value)} maxLength={field.maxLength ?? 500} hint={hintOf(field, lang)} />;
  }
}

const errorAt = (errors: readonly FieldError[], pointer: string) => errors.find((e) => e.field === pointer);

function FieldsetFrame(props: InputProps & { children: ComponentChildren; extraHint?: string }) {
  const { field, name, lang } = props;
  const id = name.replace(/[^A-Za-z0-9_-]/g, '-');
  const error = errorAt(props.errors, pointerOf(name));
  const hint = hintOf(field, lang, props.extraHint);
  return (
    <fieldset class={`field${error ? ' has-error' : ''}`} id={`f-${id}`} aria-describedby={[hint ? `h-${id}` : '', error ? `e-${id}` : ''].filter(Boolean).join(' ') || undefined}>
      <legend>
        {field.label[lang]}
        {field.required ? '' : ` (${t(lang, 'form.optional')})`}
      </legend>
      {hint ? (
        <p class="hint" id={`h-${id}`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`e-${id}`}>
          {error.message}
        </p>
      ) : null}
      {props.children}
    </fieldset>
  );
}

function MultiSelect(props: InputProps) {
  const { field, name, value, lang } = props;
  const chosen = Array.isArray(value) ? value.map(String) : [];
  const id = name.replace(/[^A-Za-z0-9_-]/g, '-');
  return (
    <FieldsetFrame {...props}>
      {(field.options ?? []).map((o) => (
        <div class="checkbox" key={o.value}>
          <input type="checkbox" id={`f-${id}-${o.value.replace(/[^A-Za-z0-9_-]/g, '-')}`} name={`${name}.${o.value}`} value="true" checked={chosen.includes(o.value)} />
          <label for={`f-${id}-${o.value.replace(/[^A-Za-z0-9_-]/g, '-')}`}>{o.label[lang]}</label>
        </div>
      ))}
    </FieldsetFrame>
  );
}

function Tick(props: InputProps) {
  const { field, name, value, lang } = props;
  const id = name.replace(/[^A-Za-z0-9_-]/g, '-');
  const error = errorAt(props.errors, pointerOf(name));
  const help = field.help?.[lang]?.trim();
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      {error ? (
        <p class="field-error" id={`e-${id}`}>
          {error.message}
        </p>
      ) : null}
      <div class="checkbox">
        <input
          type="checkbox"
          id={`f-${id}`}
          name={name}
          value="true"
          checked={value === true || value === 'true'}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={[help ? `h-${id}` : '', error ? `e-${id}` : ''].filter(Boolean).join(' ') || undefined}
        />
        <label for={`f-${id}`}>{field.label[lang]}</label>
      </div>
      {help ? (
        <p class="hint" id={`h-${id}`}>
          {help}
        </p>
      ) : null}
    </div>
  );
}

function RegionInput(props: InputProps) {
  const { field, name, value, lang, errors, basePath } = props;
  const code = inputText(value);
  const found = code ? findRegion(code.trim()) : undefined;
  const place = found ? regionPath(found.code).map((r) => r.name).join(', ') : '';
  return (
    <>
      <Field
        name={name}
        label={field.label[lang]}
        lang={lang}
        errors={errors}
        pointer={pointerOf(name)}
        required={field.required}
        value={code}
        inputMode="decimal"
        hint={hintOf(field, lang, t(lang, 'app.page.hint.region'))}
      />
      {place ? <p class="meta">{place}</p> : null}
      <p>
        <a href={`${basePath}/wilayah`} target="_blank" rel="noopener">
          {t(lang, 'app.page.region_browse')}
        </a>
      </p>
    </>
  );
}

function AddressInput(props: InputProps) {
  const { name, value, lang, errors } = props;
  const v = isRecord(value) ? value : {};
  const sub = (part: string) => `${name}.${part}`;
  return (
    <FieldsetFrame {...props}>
      <Field name={sub('street')} label={t(lang, 'app.page.address.street')} lang={lang} errors={errors} pointer={pointerOf(sub('street'))} value={inputText(v.street)} autocomplete="street-address" />
      <Field
        name={sub('regionCode')}
        label={t(lang, 'app.page.address.region')}
        lang={lang}
        errors={errors}
        pointer={pointerOf(sub('regionCode'))}
        value={inputText(v.regionCode)}
        inputMode="decimal"
        hint={t(lang, 'app.page.hint.region')}
      />
      <Field
        name={sub('postalCode')}
        label={t(lang, 'app.page.address.postal')}
        lang={lang}
        errors={errors}
        pointer={pointerOf(sub('postalCode'))}
        value={inputText(v.postalCode)}
        inputMode="numeric"
        autocomplete="postal-code"
        required={false}
      />
    </FieldsetFrame>
  );
}

function PointInput(props: InputProps) {
  const { name, value, lang, errors, map, field } = props;
  const v = isRecord(value) ? value : {};
  const id = name.replace(/[^A-Za-z0-9_-]/g, '-');
  const texts = Object.fromEntries(PICKER_TEXT_KEYS.map((key) => [key, t(lang, `app.picker.${key}`, { field: field.label[lang] })])) as PickerTexts;
  return (
    <FieldsetFrame {...props} extraHint={t(lang, 'app.page.hint.point')}>
      {map && !props.preview ? <LocationPicker id={`picker-${id}`} mapId={`map-${id}`} latInput={`f-${id}-lat`} lngInput={`f-${id}-lng`} tiles={map.tiles} bounds={map.bounds} texts={texts} /> : null}
      <Field name={`${name}.lat`} label={t(lang, 'app.page.point.lat')} lang={lang} errors={errors} pointer={pointerOf(`${name}.lat`)} value={inputText(v.lat)} inputMode="decimal" />
      <Field name={`${name}.lng`} label={t(lang, 'app.page.point.lng')} lang={lang} errors={errors} pointer={pointerOf(`${name}.lng`)} value={inputText(v.lng)} inputMode="decimal" />
    </FieldsetFrame>
  );
}

export const filesOf = (v: unknown): FileRef[] => (Array.isArray(v) ? v.filter((f): f is FileRef => isRecord(f) && typeof f.fileId === 'string') : []);

function FileInput(props: InputProps) {
  const { field, name, value, lang, errors } = props;
  const id = name.replace(/[^A-Za-z0-9_-]/g, '-');
  const accept = field.accept ?? FILE_DEFAULTS.accept;
  const maxBytes = field.maxBytes ?? FILE_DEFAULTS.maxBytes;
  const maxFiles = field.maxFiles ?? FILE_DEFAULTS.maxFiles;
  const files = filesOf(value);
  const error = errorAt(errors, pointerOf(name));
  const limits = t(lang, 'app.page.hint.file', { types: typeNames(accept), size: fileSize(maxBytes, lang), count: maxFiles });
  const hint = hintOf(field, lang, limits);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={`f-${id}`}>
        {field.label[lang]}
        {field.required ? '' : ` (${t(lang, 'form.optional')})`}
      </label>
      <p class="hint" id={`h-${id}`}>
        {hint}
      </p>
      {error ? (
        <p class="field-error" id={`e-${id}`}>
          {error.message}
        </p>
      ) : null}
      {files.length > 0 ? (
        <ul class="attachments" aria-label={t(lang, 'app.page.files_uploaded')}>
          {files.map((f) => (
            <li key={f.fileId}>
              {f.name} ({fileSize(f.size, lang)}){' '}
              {props.preview ? null : (
                <button type="submit" class="link-button" name="_remove_file" value={`${name}:${f.fileId}`}>
                  {t(lang, 'app.page.file_remove', { name: f.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {files.length < maxFiles || maxFiles === 1 ? (
        <input
          type="file"
          id={`f-${id}`}
          name={name}
          accept={accept.join(',')}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={[`h-${id}`, error ? `e-${id}` : ''].filter(Boolean).join(' ')}
        />
      ) : null}
      {props.preview ? null : <ReuseChoices {...props} held={files} id={id} maxFiles={maxFiles} />}
    </div>
  );
}

/**
 * The citizen's earlier documents this field takes, beside the upload input: radios for a field of one
 * file (the choice replaces what it held, as an upload does), checkboxes otherwise; each with its date,
 * the service it was handed in for, and a link to open it (the citizen's own download).
 */
function ReuseChoices(props: InputProps & { held: readonly FileRef[]; id: string; maxFiles: number }) {
  const { name, lang, basePath, id, maxFiles } = props;
  const offers = (props.offers ?? []).filter((o) => !props.held.some((h) => h.fileId === o.fileId));
  if (offers.length === 0 || (maxFiles > 1 && props.held.length >= maxFiles)) return null;
  const single = maxFiles === 1;
  const date = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeZone: props.timeZone ?? 'Asia/Jakarta' });
  return (
    <fieldset class="reuse" id={`f-${id}-reuse`}>
      <legend>{t(lang, 'app.page.reuse.legend')}</legend>
      {offers.map((o) => {
        const control = `f-${id}-reuse-${o.fileId}`;
        const service = o.serviceName ? (lang === 'en' && o.serviceName.en ? o.serviceName.en : o.serviceName.id) : t(lang, 'app.page.reuse.unknown_service');
        return (
          <div class={single ? 'radio' : 'checkbox'} key={o.fileId}>
            <input type={single ? 'radio' : 'checkbox'} id={control} name={single ? `${name}.reuse` : `${name}.reuse.${o.fileId}`} value={single ? o.fileId : 'true'} aria-describedby={`${control}-h`} />
            <label for={control}>{t(lang, 'app.page.reuse.use', { name: o.name })}</label>
            <p class="hint" id={`${control}-h`}>
              {t(lang, 'app.page.reuse.meta', { size: fileSize(o.size, lang), date: date.format(o.uploadedAt), service })}{' '}
              <a href={`${basePath}/api/v1/me/application-files/${o.fileId}`}>{t(lang, 'app.page.reuse.view', { name: o.name })}</a>
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}

/**
 * A group's inputs: its fields, or for a repeating group each item in its own fieldset with a remove
 * button, and an add button (both submit the page, so they work without JavaScript).
 */
export function GroupInputs(props: {
  group: GroupDefinition;
  answers: Answers;
  lang: Lang;
  errors: readonly FieldError[];
  basePath: string;
  preview?: boolean;
  /** Earlier documents the file fields offer (the apply pages), and the tenant's zone for their dates. */
  reuse?: ReuseOffers;
  timeZone?: string;
  map?: PointMap;
}) {
  const { group, answers, lang, errors, basePath, reuse, timeZone, map } = props;
  if (!group.repeatable) {
    return (
      <>
        {visibleFields(group, answers).map((f) => (
          <AnswerInput key={f.id} field={f} name={inputName(f, group)} value={answers[f.id]} lang={lang} errors={errors} basePath={basePath} preview={props.preview} offers={reuse?.[f.id]} timeZone={timeZone} map={map} />
        ))}
      </>
    );
  }
  const raw = answers[group.id];
  const items: Answers[] = Array.isArray(raw) ? raw.map((i) => (isRecord(i) ? i : {})) : [];
  const shown = items.length === 0 && group.repeatable.min > 0 ? [{}] : items;
  const listError = errorAt(errors, `/${group.id}`);
  return (
    <>
      {listError ? (
        <p class="field-error" id={`f-${group.id}`}>
          {listError.message}
        </p>
      ) : null}
      {shown.map((item, i) => (
        <fieldset class="repeat-item" key={i} id={`item-${group.id}-${i}`}>
          <legend>
            {group.repeatable!.itemLabel[lang]} {i + 1}
          </legend>
          {visibleFields(group, answers, item).map((f) => (
            <AnswerInput key={f.id} field={f} name={inputName(f, group, i)} value={item[f.id]} lang={lang} errors={errors} basePath={basePath} preview={props.preview} offers={reuse?.[f.id]} timeZone={timeZone} map={map} />
          ))}
          {props.preview ? null : (
            <button type="submit" class="button secondary" name="_remove" value={`${group.id}:${i}`}>
              {t(lang, 'app.page.item_remove', { item: `${group.repeatable!.itemLabel[lang]} ${i + 1}` })}
            </button>
          )}
        </fieldset>
      ))}
      {props.preview || shown.length >= group.repeatable.max ? null : (
        <p>
          <button type="submit" class="button secondary" name="_add" value={group.id}>
            {t(lang, 'app.page.item_add', { item: group.repeatable.itemLabel[lang] })}
          </button>
        </p>
      )}
    </>
  );
}

/** An answer as text for the check-your-answers page and the application view. */
export function answerText(field: FieldDefinition, value: unknown, lang: Lang): string {
  if (value === undefined || value === null || value === '') return t(lang, 'app.page.not_answered');
  switch (field.type) {
    case 'checkbox':
      return value === true || value === 'true' ? t(lang, 'app.page.yes') : t(lang, 'app.page.no');
    case 'select':
      return field.options?.find((o) => o.value === value)?.label[lang] ?? String(value);
    case 'multi_select':
      return (Array.isArray(value) ? value : [value]).map((v) => field.options?.find((o) => o.value === v)?.label[lang] ?? String(v)).join(', ');
    case 'region': {
      const region = typeof value === 'string' ? findRegion(value.trim()) : undefined;
      return region ? regionPath(region.code).map((r) => r.name).join(', ') : String(value);
    }
    case 'address': {
      if (!isRecord(value)) return String(value);
      const region = typeof value.regionCode === 'string' ? findRegion(value.regionCode.trim()) : undefined;
      const place = region ? regionPath(region.code).map((r) => r.name).join(', ') : inputText(value.regionCode);
      return [inputText(value.street), place, inputText(value.postalCode)].filter(Boolean).join(', ');
    }
    case 'map_point':
      return isRecord(value) ? `${inputText(value.lat)}, ${inputText(value.lng)}` : String(value);
    case 'rupiah': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(/^rp\.?\s*/i, '').replace(/\./g, ''));
      return Number.isFinite(n) ? `Rp${n.toLocaleString('id-ID')}` : String(value);
    }
    case 'file':
      return filesOf(value)
        .map((f) => `${f.name} (${fileSize(f.size, lang)})`)
        .join(', ');
    default:
      return inputText(value);
  }
}
