// The routing model of a tenant as its coordinator and administrator see it: the model in use, the
// training examples, every retraining run (when, examples, accuracy before/after, swapped or not),
// and "retrain now" (a 'manual' retraining job, one at a time per tenant). JSON at
// /api/v1/complaints/routing-model, a page at /petugas/pengaduan/model-rute. The agency service
// areas the router also uses are managed beside it (service-areas-admin.tsx).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireTenant } from '../../platform/http/tenant.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { type ComplaintRouteDeps, contextFor } from './routes.js';
import type { RetrainOutcome } from './classifier/retrain.js';
import { registerServiceAreaAdmin } from './service-areas-admin.js';
import { DEFAULT_RETRAIN, getRoutingModelStatus, requestRetraining, type RetrainRun } from './training.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

function when(lang: Lang, iso: string, timeZone: string) {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function RunRow({ run, lang, timeZone }: { run: RetrainRun; lang: Lang; timeZone: string }) {
  return (
    <tr>
      <td>{when(lang, run.finishedAt, timeZone)}</td>
      <td>{t(lang, `cp.routing.trigger.${run.trigger}`)}</td>
      <td>
        {run.baseExamples} + {run.tenantExamples}
      </td>
      <td>
        {pct(run.before.category)} / {pct(run.before.tenantCategory)}
      </td>
      <td>
        {pct(run.after.category)} / {pct(run.after.tenantCategory)}
      </td>
      <td>{run.swapped ? t(lang, 'cp.routing.swapped', { version: run.modelVersion ?? 0 }) : t(lang, 'cp.routing.kept', { reason: t(lang, `cp.routing.reason.${run.reason as RetrainOutcome['reason']}`) })}</td>
    </tr>
  );
}

export function registerRoutingAdmin(app: FastifyInstance, deps: ComplaintRouteDeps) {
  const settings = deps.complaints.retrain ?? DEFAULT_RETRAIN;
  app.get(
    '/api/v1/complaints/routing-model',
    {
      config: { policy: 'complaints.routing' },
      schema: {
        tags: ['complaints'],
        operationId: 'getComplaintRoutingModel',
        summary: 'Model rute dan riwayat pelatihan ulang / Routing model and retraining runs',
      },
    },
    async (request) => getRoutingModelStatus(deps.db, requireTenant(request).id, settings),
  );

  app.post(
    '/api/v1/complaints/routing-model/retrain',
    {
      config: { policy: 'complaints.routing' },
      schema: {
        tags: ['complaints'],
        operationId: 'retrainComplaintRoutingModel',
        summary: 'Latih ulang sekarang / Queue a retraining of the tenant’s routing model',
        description:
          'Queues a background retraining (trigger `manual`: it runs even when no correction is new); the run appears in getComplaintRoutingModel when done. `queued` is false when a retraining was already waiting or running: none is added. Audited.',
        response: { 202: Type.Object({ queued: Type.Boolean() }) },
      },
    },
    async (request, reply) => reply.code(202).send(await requestRetraining(contextFor(request, deps), requireTenant(request).id)),
  );

  app.post('/petugas/pengaduan/model-rute/latih-ulang', { schema: { hide: true }, config: { policy: 'complaints.routing' } }, async (request, reply) => {
    const { queued } = await requestRetraining(contextFor(request, deps), requireTenant(request).id);
    return reply.redirect(`${request.basePath}/petugas/pengaduan/model-rute?retrain=${queued ? 'queued' : 'already'}`, 303);
  });

  registerServiceAreaAdmin(app, deps);

  app.get('/petugas/pengaduan/model-rute', { schema: { hide: true }, config: { policy: 'complaints.routing' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const lang = request.lang;
    const status = await getRoutingModelStatus(deps.db, tenant.id, settings);
    const m = status.model;
    const flash = (request.query as Record<string, string | undefined>).retrain;
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.routing.title'),
      children: (
        <>
          <h1>{t(lang, 'cp.routing.title')}</h1>
          {flash === 'queued' || flash === 'already' ? (
            <p class="panel success" role="status">
              {t(lang, flash === 'queued' ? 'cp.routing.retrain.queued' : 'cp.routing.retrain.already')}
            </p>
          ) : null}
          <p>{t(lang, 'cp.routing.intro', { min: status.minCorrections })}</p>
          <p>
            <a href={`${request.basePath}/petugas/pengaduan/wilayah-layanan`}>{t(lang, 'cp.areas.title')}</a>
          </p>
          <p>
            {m
              ? t(lang, 'cp.routing.model.own', {
                  version: m.version,
                  at: when(lang, m.trainedAt, tenant.timeZone),
                  examples: m.tenantExamples,
                  category: pct(m.categoryAccuracy),
                  agency: pct(m.agencyAccuracy),
                })
              : t(lang, 'cp.routing.model.base')}
          </p>
          <p>{t(lang, 'cp.routing.examples', { total: status.examples.total, corrections: status.examples.corrections, fresh: status.examples.newCorrections })}</p>
          <form method="post" action={`${request.basePath}/petugas/pengaduan/model-rute/latih-ulang`} class="action-form">
            <input type="hidden" name="_csrf" value={request.csrfToken()} />
            <p class="hint" id="h-retrain">
              {status.retrainPending ? t(lang, 'cp.routing.retrain.pending') : t(lang, 'cp.routing.retrain.hint')}
            </p>
            <button type="submit" aria-describedby="h-retrain" disabled={status.retrainPending}>
              {t(lang, 'cp.routing.retrain.button')}
            </button>
          </form>
          <h2>{t(lang, 'cp.routing.runs')}</h2>
          {status.runs.length === 0 ? (
            <p>{t(lang, 'cp.routing.runs.none')}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'cp.routing.col.when')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.trigger')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.examples')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.before')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.after')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.runs.map((run) => (
                    <RunRow key={run.id} run={run} lang={lang} timeZone={tenant.timeZone} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ),
    });
  });
}
