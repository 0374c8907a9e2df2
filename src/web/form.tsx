// The form kit every module's pages use: an error summary at the top, each field with its label, hint
// and error beside it, radios and checkboxes in a fieldset, the hidden CSRF token, and the POST handler
// that validates → acts → redirects (POST/redirect/GET: a reload never sends the form again, and no
// result page is ever rendered on a POST URL). Server-rendered; works without JavaScript.
//
// Ids follow one scheme so the summary links land on the field: `f-<name>` the control, `h-<name>` its
// hint, `e-<name>` its error (a page with several forms names a control's id itself: `id`). Errors
// are the problem+json field errors (`/title`, `/reporter/email`) that services raise; a field shows
// the error whose pointer is `/<name>` unless told otherwise.
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { ComponentChildren } from 'preact';
import { DomainError, type FieldError, toProblem } from '../platform/errors.js';
import { CSRF_FIELD } from '../platform/http/csrf.js';
import { type Lang, t } from '../platform/i18n/index.js';
import { type FormFlash, putFormFlash } from './form-flash.js';

export { type FormFlash, takeFormFlash } from './form-flash.js';

export type FormValues = Record<string, string | undefined>;

/** The field errors of a 4xx DomainError in the request's language (a general one under `/`); undefined otherwise. */
export function formErrors(lang: Lang, error: unknown): FieldError[] | undefined {
  if (!(error instanceof DomainError) || error.status >= 500) return undefined;
  const problem = toProblem(error, lang);
  return problem.errors ?? [{ field: '/', code: error.code, message: problem.title }];
}

const idPart = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '-');
const errorFor = (errors: readonly FieldError[] | undefined, pointer: string) => errors?.find((e) => e.field === pointer || e.field === `body${pointer}`);

export function Csrf({ request }: { request: FastifyRequest }) {
  return <input type="hidden" name={CSRF_FIELD} value={request.csrfToken()} />;
}

/**
 * A form posting to `action`, with its CSRF token: a hidden field, or for a multipart form (whose body
 * the handler streams) the `_csrf` parameter of the action URL.
 */
export function Form(props: { request: FastifyRequest; action: string; multipart?: boolean; class?: string; children: ComponentChildren }) {
  const { request } = props;
  const action = props.multipart ? `${props.action}${props.action.includes('?') ? '&' : '?'}${CSRF_FIELD}=${encodeURIComponent(request.csrfToken())}` : props.action;
  return (
    <form method="post" action={action} enctype={props.multipart ? 'multipart/form-data' : undefined} class={props.class} novalidate>
      {props.multipart ? null : <Csrf request={request} />}
      {props.children}
    </form>
  );
}

/**
 * "There is a problem": every error, each linking to its field (labels name the field when given;
 * `ids` the control of a field whose id is not `f-<name>`, on a page with several forms).
 */
export function ErrorSummary({ lang, errors, labels = {}, ids = {} }: { lang: Lang; errors?: readonly FieldError[]; labels?: Record<string, string>; ids?: Record<string, string> }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t(lang, 'form.error_summary')}</h2>
      <ul>
        {errors.map((e) => {
          const name = e.field.replace(/^(body|querystring)?\//, '').split('/').join('.');
          if (!name) return <li key={e.code}>{e.message}</li>;
          const label = labels[name];
          return (
            <li key={e.field}>
              <a href={`#${ids[name] ?? `f-${idPart(name)}`}`}>{label ? `${label}: ${e.message}` : e.message}</a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

interface FieldFrame {
  name: string;
  label: string;
  lang: Lang;
  errors?: readonly FieldError[];
  hint?: ComponentChildren;
  /** The error pointer this field shows; default `/<name>`. */
  pointer?: string;
  /** Marks the label "(opsional)" / "(optional)" when false. Default true. */
  required?: boolean;
  /**
   * The control's id, `f-<part>`, where a page has several forms with a field of this name (default
   * `f-<name>`); its hint is then `h-<part>` and its error `e-f-<part>` (named after the control, so it
   * cannot meet another form's hint).
   */
  id?: `f-${string}`;
}

/** The ids of a field's control, hint and error. */
function idsOf(props: { name: string; id?: string }): { control: string; hint: string; error: string } {
  if (props.id) return { control: props.id, hint: `h-${props.id.slice(2)}`, error: `e-${props.id}` };
  const part = idPart(props.name);
  return { control: `f-${part}`, hint: `h-${part}`, error: `e-${part}` };
}

function describedBy(props: { name: string; id?: string }, hint: unknown, error: unknown): string | undefined {
  const ids = idsOf(props);
  return [hint ? ids.hint : '', error ? ids.error : ''].filter(Boolean).join(' ') || undefined;
}

function Frame(props: FieldFrame & { error?: FieldError; children: ComponentChildren }) {
  const ids = idsOf(props);
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={ids.control}>
        {props.label}
        {props.required === false ? ` (${t(props.lang, 'form.optional')})` : ''}
      </label>
      {props.hint ? (
        <p class="hint" id={ids.hint}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={ids.error}>
          {props.error.message}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

/** A text input (or e-mail, tel, number, date, password, … by `type`). */
export function Field(props: FieldFrame & { value?: string; type?: string; autocomplete?: string; inputMode?: string; maxLength?: number }) {
  const error = errorFor(props.errors, props.pointer ?? `/${props.name}`);
  return (
    <Frame {...props} error={error}>
      <input
        id={idsOf(props).control}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required !== false}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode as never}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props, props.hint, error)}
      />
    </Frame>
  );
}

export function TextArea(props: FieldFrame & { value?: string; rows?: number; maxLength?: number }) {
  const error = errorFor(props.errors, props.pointer ?? `/${props.name}`);
  return (
    <Frame {...props} error={error}>
      <textarea
        id={idsOf(props).control}
        name={props.name}
        rows={props.rows ?? 5}
        required={props.required !== false}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props, props.hint, error)}
      >
        {props.value ?? ''}
      </textarea>
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function Select(props: FieldFrame & { value?: string; options: readonly Option[]; emptyLabel?: string }) {
  const error = errorFor(props.errors, props.pointer ?? `/${props.name}`);
  return (
    <Frame {...props} error={error}>
      <select
        id={idsOf(props).control}
        name={props.name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props, props.hint, error)}
      >
        {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** One choice among few, as radio buttons in a fieldset (its legend is the question). */
export function Radios(props: Omit<FieldFrame, 'label'> & { legend: string; value?: string; options: readonly Option[] }) {
  return <Choices {...props} type="radio" values={props.value === undefined ? [] : [props.value]} />;
}

/** Any number of choices, as checkboxes in a fieldset. */
export function Checkboxes(props: Omit<FieldFrame, 'label'> & { legend: string; values?: readonly string[]; options: readonly Option[] }) {
  return <Choices {...props} type="checkbox" values={props.values ?? []} />;
}

function Choices(props: Omit<FieldFrame, 'label'> & { legend: string; type: 'radio' | 'checkbox'; values: readonly string[]; options: readonly Option[] }) {
  const ids = idsOf(props);
  const error = errorFor(props.errors, props.pointer ?? `/${props.name}`);
  return (
    <fieldset class={`field${error ? ' has-error' : ''}`} id={ids.control} aria-describedby={describedBy(props, props.hint, error)}>
      <legend>
        {props.legend}
        {props.required === false ? ` (${t(props.lang, 'form.optional')})` : ''}
      </legend>
      {props.hint ? (
        <p class="hint" id={ids.hint}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={ids.error}>
          {error.message}
        </p>
      ) : null}
      {props.options.map((o) => (
        <div class={props.type} key={o.value}>
          <input type={props.type} id={`${ids.control}-${idPart(o.value)}`} name={props.name} value={o.value} checked={props.values.includes(o.value)} />
          <label for={`${ids.control}-${idPart(o.value)}`}>
            {o.label}
            {o.hint ? <span class="hint"> — {o.hint}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** The text fields of a urlencoded or multipart form body (repeated fields: the last value; CSRF dropped). */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (!body || typeof body !== 'object') return values;
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key === CSRF_FIELD) continue;
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (typeof value === 'string') values[key] = value;
  }
  return values;
}

export interface FormHandler<V> {
  /** The values the form was sent with (typed text is kept on an error). Default: formValues(body). */
  read?(request: FastifyRequest): V | Promise<V>;
  /**
   * Validates and acts (one service call); returns where to go next (303 See Other). When it did part
   * of its work and was refused the rest (saved, not published), it names the page and the refusal,
   * which that page shows once (takeFormFlash). `reply` is for what the next page is given besides
   * its URL (a cookie), never for an answer of its own.
   */
  act(request: FastifyRequest, values: V, reply: FastifyReply): Promise<string | { to: string; flash: FormFlash }>;
  /** Shows the form again with what was typed and the errors beside the fields. */
  show(request: FastifyRequest, reply: FastifyReply, values: V, errors: FieldError[], status: number): unknown;
  /**
   * Which refusals are the form's to show (default: every 4xx); the others go to the error handler —
   * e.g. a 403 or 404 where there is no form for this person to correct.
   */
  isFormError?(error: DomainError): boolean;
}

/**
 * A form's POST handler: read → act → 303 to the page `act` names (with the refusal it carries, if
 * any). A 4xx from the service shows the form again with the status, the values and the errors
 * (nothing was done, so sending it again is safe); anything else goes to the error handler.
 */
export function handleForm<V = FormValues>(handler: FormHandler<V>): RouteHandlerMethod {
  return async function (request, reply) {
    const values = handler.read ? await handler.read(request) : (formValues(request.body) as V);
    try {
      const next = await handler.act(request, values, reply);
      if (typeof next === 'string') return reply.redirect(next, 303);
      putFormFlash(request, reply, next.to, next.flash);
      return reply.redirect(next.to, 303);
    } catch (error) {
      const errors = formErrors(request.lang, error);
      if (!errors || (handler.isFormError && !handler.isFormError(error as DomainError))) throw error;
      return handler.show(request, reply, values, errors, (error as DomainError).status);
    }
  };
}
