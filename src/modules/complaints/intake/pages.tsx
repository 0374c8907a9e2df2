// The complaint form, /pengaduan/baru (no JavaScript needed, mobile first; photos by multipart, the
// map island to put a pin, the proof-of-work widget for reporters who are not signed in), and the
// receipt, /pengaduan/terkirim: the form posts, the report is submitted, and the browser is sent to
// the receipt (POST/redirect/GET: a reload never files the report twice, and the CSRF token of the
// form's URL does not stay in the address bar). The tracking number and the secret code travel to
// the receipt in a sealed cookie, shown once.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { readMultipartForm } from '../../../platform/http/multipart.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type Lang, t } from '../../../platform/i18n/index.js';
import { Checkboxes, ErrorSummary, Field, Form, type FormValues, handleForm, Radios, TextArea } from '../../../web/form.js';
import { LocationPicker, PICKER_TEXT_KEYS, type PickerTexts } from '../../../web/location-picker.js';
import { sendPage } from '../../../web/layout.js';
import { listCategories } from '../categories.js';
import { tooManyPhotos } from '../errors.js';
import '../policies.js';
import type { AreaBounds } from '../routing/areas.js';
import { getServiceAreaBounds } from '../routing/service.js';
import { getTenantAreaBounds } from '../../tenancy/index.js';
import type { RoutingSuggester } from '../routing/suggester.js';
import type { SealedCookie } from '../sealed-cookie.js';
import { CategorySelect, fmtDate, k, type MapTiles, sendPrivatePage } from '../ui.js';
import { ALTCHA_FIELD, type AntiSpam, needsProof, withSubmissionProof } from './antispam.js';
import { fromForm, KINDS, PRIVACY_MODES, type SubmitResult, warningMessages } from './contract.js';
import { INFORMATION_REQUEST_PAGE } from '../../information-requests/index.js';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, photoTooLarge } from './photo-sanitizer.js';
import { type IntakeDeps, submitComplaint } from './service.js';

// The ALTCHA web component (src/web/client/altcha.ts registers it in the browser).
declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'altcha-widget': { name: string; language: string; challenge: string; auto?: 'off' | 'onfocus' | 'onload' | 'onsubmit' };
    }
  }
}

/** What the receipt shows, carried from the POST in a sealed cookie. */
export type Receipt = Pick<SubmitResult, 'trackingNumber' | 'secretCode' | 'dueAt' | 'warnings'>;

export interface IntakePageDeps {
  intake: IntakeDeps & { routing: Pick<RoutingSuggester, 'areaBounds'> };
  antiSpam: AntiSpam;
  map: MapTiles;
  receipt: SealedCookie<Receipt>;
}

/**
 * The proof-of-work widget for reporters who are not signed in (decision 0015): it fetches a fresh
 * challenge when the reporter ticks it (or, untouched, when the form is sent: `auto="onsubmit"`) and
 * fills the hidden `altcha` field. Self-hosted island (static/build/altcha.js); without JavaScript the
 * element stays empty and the form still posts.
 */
function ProofField({ request, errors }: { request: FastifyRequest; errors?: readonly FieldError[] }) {
  const lang = request.lang;
  const error = errors?.find((e) => e.field === `/${ALTCHA_FIELD}`);
  return (
    <div class={`field${error ? ' has-error' : ''}`} id={`f-${ALTCHA_FIELD}`}>
      <link rel="stylesheet" href="/static/build/altcha.css" />
      <script type="module" src="/static/build/altcha.js" />
      <p class="label">{t(lang, 'cp.proof.label')}</p>
      <p class="hint" id={`h-${ALTCHA_FIELD}`}>
        {t(lang, 'cp.proof.hint')}
      </p>
      {error ? (
        <p class="field-error" id={`e-${ALTCHA_FIELD}`}>
          {error.message}
        </p>
      ) : null}
      <altcha-widget name={ALTCHA_FIELD} language={lang} challenge={`${request.basePath}/api/v1/complaints/challenge`} auto="onsubmit" />
    </div>
  );
}

/** The complaint form's map (web/location-picker.tsx) above `latitude` and `longitude`, in the complaint's words. */
function ComplaintLocationPicker({ lang, tiles, bounds }: { lang: Lang; tiles: MapTiles; bounds: AreaBounds | undefined }) {
  const texts = Object.fromEntries(PICKER_TEXT_KEYS.map((key) => [key, t(lang, k(`cp.picker.${key}`))])) as PickerTexts;
  return <LocationPicker id="location-picker" mapId="location-map" latInput="f-latitude" lngInput="f-longitude" tiles={tiles} bounds={bounds} texts={texts} />;
}

/**
 * The confirm step for a point outside the tenant's area: shown when the service refused the point
 * unconfirmed (and kept while the form comes back), a checkbox to send it anyway.
 */
function OutsideAreaConfirm({ lang, values, errors }: { lang: Lang; values: FormValues; errors?: FieldError[] }) {
  if (!values.confirmOutsideArea && !errors?.some((e) => e.field === '/confirmOutsideArea')) return null;
  return (
    <Checkboxes
      name="confirmOutsideArea"
      lang={lang}
      errors={errors}
      legend={t(lang, 'cp.outside_area.confirm_legend')}
      values={values.confirmOutsideArea ? [values.confirmOutsideArea] : []}
      options={[{ value: 'ya', label: t(lang, 'cp.outside_area.confirm') }]}
    />
  );
}

async function SubmitForm(request: FastifyRequest, deps: IntakePageDeps, values: FormValues, errors?: FieldError[]) {
  const lang = request.lang;
  const ctx = { ...tenantContextOf(request), routing: deps.intake.routing };
  // The map opens on the tenant's own area, else on the box around its service areas, else on Indonesia.
  const [categories, tenantBounds, areaBounds] = await Promise.all([listCategories(ctx), getTenantAreaBounds(ctx), getServiceAreaBounds(ctx)]);
  const bounds = tenantBounds ?? areaBounds;
  const field = (name: string) => ({ name, lang, errors, value: values[name] });
  const photoError = errors?.find((e) => e.field === '/photos');
  return (
    <>
      <h1>{t(lang, 'cp.submit.title')}</h1>
      <p class="lead">{t(lang, 'cp.submit.intro')}</p>
      <p class="notice" id="information-request-pointer">
        {t(lang, 'cp.submit.information_pointer')} <a href={`${request.basePath}${INFORMATION_REQUEST_PAGE}`}>{t(lang, 'cp.submit.information_link')}</a>
      </p>
      <ErrorSummary lang={lang} errors={errors} />
      <Form request={request} action={`${request.basePath}/pengaduan/baru`} multipart>
        <Radios {...field('kind')} value={values.kind ?? KINDS[0]} legend={t(lang, 'cp.field.kind')} options={KINDS.map((v) => ({ value: v, label: t(lang, k(`cp.kind.${v}`)) }))} />
        <Field {...field('title')} label={t(lang, 'cp.field.title')} />
        <TextArea {...field('description')} label={t(lang, 'cp.field.description')} hint={t(lang, 'cp.hint.description')} rows={6} maxLength={4000} />
        <CategorySelect
          lang={lang}
          errors={errors}
          value={values.categoryCode}
          categories={categories}
          label={t(lang, 'cp.field.category')}
          hint={t(lang, 'cp.hint.category')}
          emptyLabel={t(lang, 'cp.category.auto')}
          showLocationNeed
        />
        <Field {...field('serviceReceivedOn')} type="date" label={t(lang, 'cp.field.service_date')} hint={t(lang, 'cp.hint.service_date')} required={false} />
        <fieldset class="field">
          <legend>{t(lang, 'cp.field.location')}</legend>
          <p class="hint">{t(lang, 'cp.hint.location')}</p>
          <ComplaintLocationPicker lang={lang} tiles={deps.map} bounds={bounds} />
          <Field {...field('address')} label={t(lang, 'cp.field.address')} required={false} />
          <Field {...field('latitude')} label={t(lang, 'cp.field.latitude')} inputMode="decimal" required={false} />
          <Field {...field('longitude')} label={t(lang, 'cp.field.longitude')} inputMode="decimal" required={false} />
          <OutsideAreaConfirm lang={lang} values={values} errors={errors} />
        </fieldset>
        {/* Files are not kept when the form comes back: the reporter chooses them again. */}
        <div class={`field${photoError ? ' has-error' : ''}`}>
          <label for="f-photos">
            {t(lang, 'cp.field.photos', { max: MAX_PHOTOS, mb: MAX_PHOTO_BYTES / 1024 / 1024 })} ({t(lang, 'form.optional')})
          </label>
          {photoError ? (
            <p class="field-error" id="e-photos">
              {photoError.message}
            </p>
          ) : null}
          <input id="f-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple />
          {errors ? <p class="hint">{t(lang, 'cp.hint.photos_again')}</p> : null}
        </div>
        <Radios
          {...field('privacy')}
          value={values.privacy ?? PRIVACY_MODES[0]}
          legend={t(lang, 'cp.field.privacy')}
          options={PRIVACY_MODES.map((v) => ({ value: v, label: t(lang, k(`cp.privacy.${v}`)), hint: t(lang, k(`cp.privacy.${v}.hint`)) }))}
        />
        <fieldset class="field">
          <legend>{t(lang, 'cp.field.contact')}</legend>
          <p class="hint">{t(lang, 'cp.hint.contact')}</p>
          <Field {...field('reporter-name')} pointer="/reporter/name" label={t(lang, 'cp.field.name')} required={false} />
          <Field {...field('reporter-email')} pointer="/reporter/email" type="email" label={t(lang, 'cp.field.email')} required={false} />
          <Field {...field('reporter-phone')} pointer="/reporter/phone" type="tel" label={t(lang, 'cp.field.phone')} required={false} />
        </fieldset>
        {needsProof(request.principal) ? <ProofField request={request} errors={errors} /> : null}
        <button type="submit">{t(lang, 'cp.submit.button')}</button>
      </Form>
    </>
  );
}

/** The posted form: its text fields as typed (kept when the report is refused) and its photos. */
interface PostedForm {
  values: FormValues;
  photos: Buffer[];
}

export async function registerIntakePages(app: FastifyInstance, deps: IntakePageDeps) {
  const hidden = { hide: true };
  const config = { policy: 'complaints.submit' } as const;

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 30, parts: 40 } });

    scope.get('/pengaduan/baru', { schema: hidden, config }, async (request, reply) =>
      sendPage(reply, { request, title: t(request.lang, 'cp.submit.title'), children: await SubmitForm(request, deps, {}) }),
    );

    scope.post(
      '/pengaduan/baru',
      { schema: hidden, config },
      handleForm<PostedForm>({
        // The body is read in `act`, so that a refused photo shows the form with what was typed before it.
        read: () => ({ values: {}, photos: [] }),
        act: async (request, form, reply) => {
          const ctx = { ...tenantContextOf(request), ...deps.intake };
          try {
            const { files } = await readMultipartForm(request, { values: form.values as Record<string, string>, fileTooLarge: photoTooLarge });
            form.photos = files.map((f) => f.data);
            const result = await withSubmissionProof(deps.antiSpam, request, form.values[ALTCHA_FIELD], 'form', (proof) =>
              submitComplaint(ctx, {
                ...fromForm(form.values),
                confirmOutsideArea: form.values.confirmOutsideArea === 'ya',
                photos: form.photos,
                withoutProof: proof.withoutProof,
                proof: proof.challenge,
              }),
            );
            deps.receipt.set(request, reply, { trackingNumber: result.trackingNumber, secretCode: result.secretCode, dueAt: result.dueAt, warnings: result.warnings });
            return `${request.basePath}/pengaduan/terkirim`;
          } catch (error) {
            const code = (error as { code?: string }).code;
            // More photos than the form takes: the form's own message beside the field.
            if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw tooManyPhotos(MAX_PHOTOS);
            if (error instanceof DomainError && error.status === 429) reply.header('retry-after', String(error.vars.seconds ?? 60));
            throw error;
          }
        },
        show: async (request, reply, form, errors, status) =>
          sendPage(reply, { request, title: t(request.lang, 'cp.submit.title'), children: await SubmitForm(request, deps, form.values, errors) }, status),
      }),
    );
  });

  // The receipt, shown once: the cookie is cleared as it is read (a reload goes to the tracking page).
  app.get('/pengaduan/terkirim', { schema: hidden, config }, async (request, reply) => {
    const receipt = deps.receipt.read(request);
    if (!receipt) return reply.redirect(`${request.basePath}/pengaduan/lacak`, 303);
    deps.receipt.clear(request, reply);
    const lang = request.lang;
    const { tenant } = tenantContextOf(request);
    return sendPrivatePage(reply, {
      request,
      title: t(lang, 'cp.done.title'),
      children: (
        <>
          <h1>{t(lang, 'cp.done.title')}</h1>
          <div class="panel success" role="status">
            <p>{t(lang, 'cp.done.number')}</p>
            <p class="big-code">{receipt.trackingNumber}</p>
            {receipt.secretCode ? (
              <>
                <p>
                  <strong>{t(lang, 'cp.done.secret')}</strong>
                </p>
                <p class="big-code">{receipt.secretCode}</p>
              </>
            ) : null}
            <p>{t(lang, 'cp.done.deadline', { date: fmtDate(receipt.dueAt, lang, tenant.timeZone) })}</p>
            {warningMessages(lang, receipt.warnings).map((w) => (
              <p class="warning" key={w.code}>
                {w.message}
              </p>
            ))}
          </div>
          <p>
            <a href={`${request.basePath}/pengaduan/lacak`}>{t(lang, 'cp.track.title')}</a>
          </p>
        </>
      ),
    });
  });
}
