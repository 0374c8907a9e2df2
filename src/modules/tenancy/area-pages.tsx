// The tenant administrator's page of the tenant's own area (/petugas/wilayah, policy tenant.admin):
// what is set now, and the form to set it — the shared area field (web/area-field.tsx: GeoJSON in a
// textarea without JavaScript, drawn on the map island with it). A refused boundary comes back with
// its message beside the field and the text as typed; a saved one answers 303 to the page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { areaSize } from '../../platform/geo.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { AreaField } from '../../web/area-field.js';
import { Csrf, ErrorSummary, type FormValues, handleForm } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { getTenantArea, setTenantArea } from './service.js';
import './strings.js';

export const TENANT_AREA_PAGE = '/petugas/wilayah';

export function registerTenantAreaPages(app: FastifyInstance, deps: { map: { tileUrl: string; attribution: string } }) {
  const hidden = { hide: true };
  const config = { policy: 'tenant.admin' } as const;

  async function show(request: FastifyRequest, reply: FastifyReply, typed?: FormValues, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const area = await getTenantArea(tenantContextOf(request));
    const size = area ? areaSize(area) : undefined;
    const saved = (request.query as Record<string, string | undefined>).ok === 'saved';
    const title = t(lang, 'tenant.area.title');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1 id="area-h">{title}</h1>
            {saved ? (
              <p class="panel success" role="status">
                {t(lang, 'tenant.area.saved')}
              </p>
            ) : null}
            <p>{t(lang, 'tenant.area.intro')}</p>
            <p>{size ? t(lang, 'tenant.area.current', size) : t(lang, 'tenant.area.none')}</p>
            <ErrorSummary lang={lang} errors={errors} />
            {/* Named by the page's heading (a landmark); the kit's Form takes no label. */}
            <form method="post" action={`${request.basePath}${TENANT_AREA_PAGE}`} aria-labelledby="area-h" novalidate>
              <Csrf request={request} />
              <AreaField
                lang={lang}
                text={{
                  label: t(lang, 'tenant.area.field'),
                  hint: t(lang, 'tenant.area.hint'),
                  mapLabel: t(lang, 'tenant.area.map.label'),
                  mapHelp: t(lang, 'tenant.area.map.help'),
                  mapCount: t(lang, 'tenant.area.map.count'),
                }}
                value={typed ? typed.area : area ? JSON.stringify(area, null, 2) : ''}
                errors={errors}
                tiles={deps.map}
              />
              <button type="submit">{t(lang, 'tenant.area.button')}</button>
            </form>
          </>
        ),
      },
      status,
    );
  }

  app.get(TENANT_AREA_PAGE, { schema: hidden, config }, async (request, reply) => show(request, reply));

  app.post(
    TENANT_AREA_PAGE,
    { schema: hidden, config },
    handleForm({
      act: async (request, values) => {
        await setTenantArea(tenantContextOf(request), { area: values.area ?? '' });
        return `${request.basePath}${TENANT_AREA_PAGE}?ok=saved`;
      },
      show: (request, reply, values, errors, status) => show(request, reply, values, errors, status),
    }),
  );
}
