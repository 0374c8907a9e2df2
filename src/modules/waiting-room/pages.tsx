// The waiting room's pages (no JavaScript needed): the queue page a held citizen sees in place of the
// service's apply page — their place, an estimate, and a meta refresh (and Retry-After) that brings
// them back until they are in — and the tenant admin's settings page of a service's room
// (/kelola/ruang-tunggu/<service>), linked from the catalogue's admin page of the service.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { DomainError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../platform/module.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm, Radios } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { getService, registerServiceAdminLink } from '../catalog/index.js';
import type { RoomCache } from './room-cache.js';
import { type Entry, getWaitingRoom, LIMITS, type RoomSettings, saveWaitingRoom, type WaitingRoomView } from './service.js';
import './strings.js';

export const MANAGE_PATH = '/kelola/ruang-tunggu';
const hide = { hide: true } as const;
const manage = { policy: 'waiting_room.manage' } as const;
type ServiceParams = { Params: { serviceId: string } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const serviceName = (lang: Lang, s: { name: { id: string; en?: string } }) => (lang === 'en' && s.name.en ? s.name.en : s.name.id);

/** The place in line of a citizen held at a service's door; it reloads itself every Retry-After seconds. */
export async function sendQueuePage(request: FastifyRequest, reply: FastifyReply, _rt: ModuleRuntime, serviceId: string, entry: Extract<Entry, { state: 'waiting' }>) {
  const lang = request.lang;
  const service = await getService(tenantContextOf(request), serviceId);
  const title = t(lang, 'wr.queue.title');
  const minutes = Math.ceil(entry.estimateSeconds / 60);
  return sendPage(reply, {
    request,
    title,
    refreshSeconds: entry.retryAfterSeconds,
    children: (
      <>
        <h1>{title}</h1>
        <p>{t(lang, 'wr.queue.lead', { service: serviceName(lang, service) })}</p>
        <div class="panel" role="status">
          <p class="lead">
            <strong>{entry.ahead === 0 ? t(lang, 'wr.queue.first') : t(lang, 'wr.queue.position', { ahead: entry.ahead })}</strong>
          </p>
          <p>{entry.estimateSeconds < 60 ? t(lang, 'wr.queue.estimate_short') : t(lang, 'wr.queue.estimate', { minutes })}</p>
        </div>
        <p>{t(lang, 'wr.queue.window', { minutes: entry.windowMinutes })}</p>
        <p>{t(lang, 'wr.queue.keep')}</p>
        <p class="hint">{t(lang, 'wr.queue.refresh', { seconds: entry.retryAfterSeconds })}</p>
        <p>
          <a class="button" href={`${request.basePath}${request.url.split('?')[0]}`}>
            {t(lang, 'wr.queue.check')}
          </a>
        </p>
      </>
    ),
  });
}

const NUMBER_FIELDS = ['maxActive', 'admitPerMinute', 'windowMinutes', 'maxQueue', 'registryDailyQuota', 'paymentPerMinute', 'signingPerMinute'] as const;
const OPTIONAL = new Set(['registryDailyQuota', 'paymentPerMinute', 'signingPerMinute']);

/** The form's values as settings; a field that is not a whole number becomes NaN and is refused by the service. */
export function settingsFrom(values: FormValues): RoomSettings {
  const number = (name: (typeof NUMBER_FIELDS)[number]) => {
    const raw = (values[name] ?? '').trim();
    if (raw === '' && OPTIONAL.has(name)) return null;
    return /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  };
  return {
    enabled: values.enabled === 'on',
    maxActive: number('maxActive') ?? Number.NaN,
    admitPerMinute: number('admitPerMinute') ?? Number.NaN,
    windowMinutes: number('windowMinutes') ?? Number.NaN,
    maxQueue: number('maxQueue') ?? Number.NaN,
    registryDailyQuota: number('registryDailyQuota'),
    paymentPerMinute: number('paymentPerMinute'),
    signingPerMinute: number('signingPerMinute'),
  };
}

const valuesOf = (s: RoomSettings): FormValues => ({
  enabled: s.enabled ? 'on' : 'off',
  ...Object.fromEntries(NUMBER_FIELDS.map((name) => [name, s[name] === null ? '' : String(s[name])])),
});

function Derived({ lang, view }: { lang: Lang; view: WaitingRoomView }) {
  const a = view.admission;
  const limitedBy = t(lang, `wr.limit.${a.limitedBy}`);
  return (
    <div class="panel">
      <p>{a.perDay === null ? t(lang, 'wr.manage.derived_no_day', { perMinute: a.perMinute, limitedBy }) : t(lang, 'wr.manage.derived', { perMinute: a.perMinute, limitedBy, perDay: a.perDay })}</p>
      <p>{t(lang, 'wr.manage.state', { waiting: view.counts.waiting, active: view.counts.active })}</p>
    </div>
  );
}

export function registerWaitingRoomPages(app: FastifyInstance, rooms: RoomCache) {
  // The catalogue's admin page of a service links here, for the tenant's administrator.
  registerServiceAdminLink(async (request, service) => {
    const p = request.principal;
    if (p.kind !== 'officer' || !p.grants.some((g) => g.role === 'tenant_admin')) return undefined;
    return { href: `${request.basePath}${MANAGE_PATH}/${service.id}`, label: t(request.lang, 'wr.manage.link') };
  });

  async function show(request: FastifyRequest<ServiceParams>, reply: FastifyReply, values?: FormValues, errors: FieldError[] = [], status = 200) {
    const lang = request.lang;
    const serviceId = request.params.serviceId;
    if (!UUID.test(serviceId)) throw new DomainError('catalog.service_not_found', 404, 'wr.error.not_found');
    const ctx = tenantContextOf(request);
    const service = await getService(ctx, serviceId);
    const view = await getWaitingRoom(ctx, serviceId);
    const v = values ?? valuesOf(view.settings);
    const saved = (request.query as { tersimpan?: string }).tersimpan === '1';
    const title = t(lang, 'wr.manage.title', { service: serviceName(lang, service) });
    const field = (name: (typeof NUMBER_FIELDS)[number]) => (
      <Field name={name} type="number" inputMode="numeric" label={t(lang, `wr.field.${name}`)} lang={lang} errors={errors} value={v[name]} required={!OPTIONAL.has(name)} hint={`${LIMITS[name][0]}–${LIMITS[name][1]}`} />
    );
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            {saved && errors.length === 0 ? (
              <div class="notice" role="status">
                {t(lang, 'wr.manage.saved')}
              </div>
            ) : null}
            <p>{t(lang, 'wr.manage.lead')}</p>
            <Derived lang={lang} view={view} />
            <ErrorSummary lang={lang} errors={errors} labels={Object.fromEntries(NUMBER_FIELDS.map((n) => [n, t(lang, `wr.field.${n}`)]))} />
            <Form request={request} action={`${request.basePath}${MANAGE_PATH}/${serviceId}`} class="form">
              <Radios
                name="enabled"
                legend={t(lang, 'wr.field.enabled')}
                lang={lang}
                value={v.enabled}
                options={[
                  { value: 'on', label: t(lang, 'wr.state.on') },
                  { value: 'off', label: t(lang, 'wr.state.off') },
                ]}
              />
              {NUMBER_FIELDS.map(field)}
              <button class="button" type="submit">
                {t(lang, 'wr.manage.save')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get<ServiceParams>(`${MANAGE_PATH}/:serviceId`, { schema: hide, config: manage }, async (request, reply) => show(request, reply));
  app.post<ServiceParams>(
    `${MANAGE_PATH}/:serviceId`,
    { schema: hide, config: manage },
    handleForm<FormValues>({
      async act(request, values) {
        const { serviceId } = request.params as { serviceId: string };
        if (!UUID.test(serviceId)) throw new DomainError('catalog.service_not_found', 404, 'wr.error.not_found');
        const ctx = tenantContextOf(request);
        await getService(ctx, serviceId);
        const principal = request.principal as { id: string };
        await saveWaitingRoom(ctx, { serviceId, officerId: principal.id, settings: settingsFrom(values) });
        rooms.forget(ctx.tenant.id, serviceId);
        return `${request.basePath}${MANAGE_PATH}/${serviceId}?tersimpan=1`;
      },
      show: (request, reply, values, errors, status) => show(request as FastifyRequest<ServiceParams>, reply, values, errors, status),
      isFormError: (error) => error.status === 400,
    }),
  );
}
