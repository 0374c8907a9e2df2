// The explanation a citizen below a service's level of assurance sees (assurance.ts): on the service's
// start page instead of the start button, and as a page of its own (403) when starting or submitting
// is refused — the level needed and theirs, the online registry check (identity's page, back here
// afterwards) and the counter to visit.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Assurance, meetsAssurance } from '../../../platform/auth/index.js';
import { t } from '../../../platform/i18n/index.js';
import { sendPage } from '../../../web/layout.js';
import type { PublicService } from '../../catalog/index.js';
import '../../identity/index.js'; // the levels' names (identity.assurance.<level>)
import { name } from '../pages-ui.js';
import '../strings.js';

/** Whether the signed-in citizen's level falls short of the service's. */
export function belowService(request: FastifyRequest, service: Pick<PublicService, 'minAssurance'>): boolean {
  const p = request.principal;
  return p.kind === 'citizen' && !meetsAssurance(p.assurance, service.minAssurance);
}

/** The explanation: the level needed, the citizen's, and the two ways to raise it (online, then back to `next`; a counter). */
export function AssuranceNeeded({ request, service, next, own = false }: { request: FastifyRequest; service: PublicService; next: string; own?: boolean }) {
  // On a page of its own the page's h1 is the title; inside the start page it is a section.
  const Sub = own ? 'h2' : 'h3';
  const lang = request.lang;
  const p = request.principal;
  const have: Assurance = p.kind === 'citizen' ? p.assurance : 'unverified';
  const need = service.minAssurance;
  const agency = lang === 'en' && service.agency.nameEn ? service.agency.nameEn : service.agency.name;
  const online = need === 'registry';
  return (
    <section id="assurance-needed">
      {own ? null : <h2>{t(lang, 'app.assurance.title')}</h2>}
      <p>{t(lang, 'app.assurance.lead', { service: name(service.name, lang), needed: t(lang, `identity.assurance.${need}`), have: t(lang, `identity.assurance.${have}`) })}</p>
      <p class="hint">{t(lang, 'app.assurance.kept')}</p>
      {online ? (
        <>
          <Sub>{t(lang, 'app.assurance.online.title')}</Sub>
          <p>{t(lang, 'app.assurance.online.lead')}</p>
          <p>
            <a class="button" id="assurance-online" href={`${request.basePath}/akun/verifikasi?next=${encodeURIComponent(next)}`}>
              {t(lang, 'app.assurance.online.link')}
            </a>
          </p>
        </>
      ) : null}
      <Sub>{t(lang, online ? 'app.assurance.counter.title' : 'app.assurance.counter.only')}</Sub>
      <p id="assurance-counter">
        {service.hall
          ? t(lang, 'app.assurance.counter.hall', { hall: service.hall.name, address: service.hall.address, hours: service.hall.hours })
          : t(lang, 'app.assurance.counter.agency', { agency })}
      </p>
    </section>
  );
}

/** The explanation as a page of its own (a refused start or submission), 403. */
export function sendAssuranceNeeded(request: FastifyRequest, reply: FastifyReply, service: PublicService, next: string) {
  const title = t(request.lang, 'app.assurance.title');
  return sendPage(
    reply,
    {
      request,
      title,
      children: (
        <>
          <p class="meta">{name(service.name, request.lang)}</p>
          <h1>{title}</h1>
          <AssuranceNeeded request={request} service={service} next={next} own />
        </>
      ),
    },
    403,
  );
}
