// The citizen's verification level page (/akun/verifikasi): the level in words, how it was raised (by
// which government, when), and the two ways to raise it — the online registry check (a button: the
// data is the account's, nothing is typed) and a counter visit. `next` (a same-site path, e.g. the
// application the citizen was refused) is where a successful check goes back to, draft kept there.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { meetsAssurance } from '../../../platform/auth/index.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import { takeFormFlash } from '../../../web/form-flash.js';
import { Form, formValues, handleForm } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { formatDateTime, safeReturnPath } from '../page-text.js';
import { type AssuranceRaise, checkMyRegistry, getMyAssurance, type MyAssurance } from './service.js';
import './strings.js';

const tenantNameIn = (lang: Lang, name: { id: string; en: string | null }) => (lang === 'en' && name.en ? name.en : name.id);

/** One raise in words: the level, how, by which government, when. */
export function raiseText(request: FastifyRequest, r: AssuranceRaise): string {
  const lang = request.lang;
  return t(lang, r.method === 'counter' ? 'identity.assurance.raised.counter' : 'identity.assurance.raised.registry', {
    level: t(lang, `identity.assurance.${r.level}`),
    tenant: tenantNameIn(lang, r.tenantName),
    date: formatDateTime(request, r.raisedAt),
  });
}

/** The account page's "Tingkat verifikasi" row: the level, the latest raise, the link to the rest. */
export function AssuranceSummary({ request, assurance }: { request: FastifyRequest; assurance: MyAssurance }) {
  const lang = request.lang;
  const latest = assurance.raises[0];
  return (
    <>
      <dt>{t(lang, 'identity.assurance.title')}</dt>
      <dd id="assurance-level">
        {t(lang, `identity.assurance.${assurance.level}`)}
        {latest ? <span class="hint">{` — ${raiseText(request, latest)}`}</span> : null}
        <br />
        <a href={`${request.basePath}/akun/verifikasi`}>{t(lang, 'identity.assurance.more')}</a>
      </dd>
    </>
  );
}

const RESULT_KEYS: Record<string, MessageKey> = {
  match: 'identity.assurance.result.match',
  mismatch: 'identity.assurance.result.mismatch',
  not_found: 'identity.assurance.result.not_found',
  unavailable: 'identity.assurance.result.unavailable',
  already: 'identity.assurance.result.already',
};

function AssurancePage({ request, assurance, next, result }: { request: FastifyRequest; assurance: MyAssurance; next?: string; result?: string }) {
  const lang = request.lang;
  const tenant = request.tenant ? tenantNameIn(lang, { id: request.tenant.name, en: request.tenant.nameEn }) : '';
  const resultKey = result ? RESULT_KEYS[result] : undefined;
  const action = `${request.basePath}/akun/verifikasi`;
  return (
    <>
      <h1>{t(lang, 'identity.assurance.title')}</h1>
      {resultKey ? (
        <p class={result === 'match' || result === 'already' ? 'notice' : 'warning'} role="status" id="assurance-result">
          {t(lang, resultKey, { tenant })}
        </p>
      ) : null}
      <p class="lead">{t(lang, 'identity.assurance.lead')}</p>
      <dl>
        <dt>{t(lang, 'identity.assurance.current')}</dt>
        <dd id="assurance-level">{t(lang, `identity.assurance.${assurance.level}`)}</dd>
      </dl>
      <p class="hint">{t(lang, 'identity.assurance.levels')}</p>
      <h2>{t(lang, 'identity.assurance.history')}</h2>
      {assurance.raises.length === 0 ? (
        <p>{t(lang, 'identity.assurance.history.none')}</p>
      ) : (
        <ul id="assurance-history">
          {assurance.raises.map((r) => (
            <li key={r.raisedAt.toISOString()}>{raiseText(request, r)}</li>
          ))}
        </ul>
      )}
      {!meetsAssurance(assurance.level, 'registry') ? (
        <section id="assurance-online">
          <h2>{t(lang, 'identity.assurance.online.title')}</h2>
          {assurance.registryOnline ? (
            <Form request={request} action={action}>
              <p>{t(lang, 'identity.assurance.online.lead', { tenant })}</p>
              {next ? <input type="hidden" name="next" value={next} /> : null}
              <button class="button" type="submit">
                {t(lang, 'identity.assurance.online.submit')}
              </button>
            </Form>
          ) : (
            <p>{t(lang, 'identity.assurance.online.none', { tenant })}</p>
          )}
        </section>
      ) : null}
      {!meetsAssurance(assurance.level, 'in_person') ? (
        <section id="assurance-counter">
          <h2>{t(lang, 'identity.assurance.counter.title')}</h2>
          <p>{t(lang, 'identity.assurance.counter.lead', { tenant })}</p>
        </section>
      ) : null}
      {next ? (
        <p>
          <a href={next}>{t(lang, 'identity.assurance.back')}</a>
        </p>
      ) : null}
    </>
  );
}

export function registerAssurancePages(app: FastifyInstance): void {
  const config = { schema: { hide: true }, config: { policy: 'identity.citizen_self' as const } };

  app.get<{ Querystring: { next?: string } }>('/akun/verifikasi', config, async (request, reply) => {
    const assurance = await getMyAssurance(tenantContextOf(request));
    const flash = takeFormFlash(request, reply);
    const next = safeReturnPath(request.query.next);
    return sendPage(reply, { request, title: t(request.lang, 'identity.assurance.title'), children: <AssurancePage request={request} assurance={assurance} next={next} result={flash?.values?.result} /> });
  });

  app.post(
    '/akun/verifikasi',
    config,
    handleForm({
      async act(request) {
        const next = safeReturnPath(formValues(request.body).next);
        const { result } = await checkMyRegistry(tenantContextOf(request));
        // Raised: straight back to where the citizen was refused (the draft waits there).
        if (result === 'match' && next) return next;
        const here = `${request.basePath}/akun/verifikasi${next ? `?next=${encodeURIComponent(next)}` : ''}`;
        return { to: here, flash: { errors: [], values: { result } } };
      },
      // No registry online here (409): the page says so itself, and offers the counter.
      isFormError: (error) => error.code === 'assurance.no_registry',
      async show(request, reply, values, _errors, status) {
        const assurance = await getMyAssurance(tenantContextOf(request));
        const next = safeReturnPath(values.next);
        return sendPage(reply, { request, title: t(request.lang, 'identity.assurance.title'), children: <AssurancePage request={request} assurance={assurance} next={next} /> }, status);
      },
    }),
  );
}
