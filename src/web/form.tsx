// The form kit every module's pages use: an error summary at the top, each field with its label, hint
// and error beside it, radios and checkboxes in a fieldset, the hidden CSRF token, and the POST handler
// that validates → acts → redirects (POST/redirect/GET: a reload never sends the form again, and no
// result page is ever rendered on a POST URL). Server-rendered; works without JavaScript.
//
// Ids follow one scheme so the summary links land on the field: `f-<name>` the control, `h-<name>` its
// hint, `e-<name>` its error. Errors are the problem+json field errors (`/title`, `/reporter/email`)
// that services raise; a field shows the error whose pointer is `/<name>` unless told otherwise.
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

/** "There is a problem": every error, each linking to its field (labels name the field when given). */
export function ErrorSummary({ lang, errors, labels = {} }: { lang: Lang; errors?: readonly FieldError[]; labels?: Record<string, string> }) {
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
              <a href={`#f-${idPart(name)}`}>{label ? `${label}: ${e.message}` : e.message}</a>
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
}

function describedBy(name: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `h-${idPart(name)}` : '', error ? `e-${idPart(name)}` : ''].filter(Boolean).join(' ') || undefined;
}

function Frame(props: FieldFrame & { error?: FieldError; children: ComponentChildren }) {
  const id = idPart(props.name);
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={`f-${id}`}>
        {props.label}
        {props.required === false ? ` (${t(props.lang, 'form.optional')})` : ''}
      </label>
      {props.hint ? (
        <p class="hint" id={`h-${id}`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`e-${id}`}>
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
        id={`f-${idPart(props.name)}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required !== false}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode as never}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
      />
    </Frame>
  );
}

export function TextArea(props: FieldFrame & { value?: string; rows?: number; maxLength?: number }) {
  const error = errorFor(props.errors, props.pointer ?? `/${props.name}`);
  return (
    <Frame {...props} error={error}>
      <textarea
        id={`f-${idPart(props.name)}`}
        name={props.name}
        rows={props.rows ?? 5}
        required={props.required !== false}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
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
        id={`f-${idPart(props.name)}`}
        name={props.name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
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
  const id = idPart(props.name);
  const error = errorFor(props.errors, props.pointer ?? `/${props.name}`);
  return (
    <fieldset class={`field${error ? ' has-error' : ''}`} id={`f-${id}`} aria-describedby={describedBy(props.name, props.hint, error)}>
      <legend>
        {props.legend}
        {props.required === false ? ` (${t(props.lang, 'form.optional')})` : ''}
      </legend>
      {props.hint ? (
        <p class="hint" id={`h-${id}`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`e-${id}`}>
          {error.message}
        </p>
      ) : null}
      {props.options.map((o) => (
        <div class={props.type} key={o.value}>
          <input type={props.type} id={`f-${id}-${idPart(o.value)}`} name={props.name} value={o.value} checked={props.values.includes(o.value)} />
          <label for={`f-${id}-${idPart(o.value)}`}>
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
   * which that page shows once (takeFormFlash).
   */
  act(request: FastifyRequest, values: V): Promise<string | { to: string; flash: FormFlash }>;
  /** Shows the form again with what was typed and the errors beside the fields. */
  show(request: FastifyRequest, reply: FastifyReply, values: V, errors: FieldError[], status: number): unknown;
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
      const next = await handler.act(request, values);
      if (typeof next === 'string') return reply.redirect(next, 303);
      putFormFlash(request, reply, next.to, next.flash);
      return reply.redirect(next.to, 303);
    } catch (error) {
      const errors = formErrors(request.lang, error);
      if (!errors) throw error;
      return handler.show(request, reply, values, errors, (error as DomainError).status);
    }
  };
}
