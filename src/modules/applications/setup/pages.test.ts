// The agency admin's form builder and workflow editor through HTTP (app.inject, no browser): every
// page and POST refuses another tenant, another agency's administrator and another role; fields are
// added, edited, moved and removed with the structured forms, a refusal shows the form again with what
// was typed and the message beside the input (in Bahasa Indonesia) and saves nothing; the preview; a
// workflow from a preset, a step refused naming the step, a step added; the check; the catalogue's link
// and its publication refused with the message on its page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';

const M = '/t/makassar';
let t: TestApp;
let serviceId = '';
const cookies = {} as Record<'admin' | 'tenantAdmin' | 'otherAgency' | 'verifier' | 'otherTenant', string>;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  cookies.admin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] })).cookie;
  cookies.tenantAdmin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
  cookies.otherAgency = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dinkes' }] })).cookie;
  cookies.verifier = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] })).cookie;
  cookies.otherTenant = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
  const services = (await t.app.inject({ url: `${M}/api/v1/admin/services?agency=disdukcapil`, headers: { cookie: cookies.admin } })).json() as { items: { id: string; code: string }[] };
  serviceId = services.items.find((s) => s.code === 'akta-kematian')!.id;
});
afterAll(async () => {
  await t?.close();
});

const base = () => `/kelola/permohonan/${serviceId}`;
const get = (url: string, cookie = cookies.admin, prefix = M) => t.app.inject({ url: `${prefix}${url}`, headers: { accept: 'text/html', cookie } });

async function post(url: string, fields: Record<string, string | string[]>, cookie = cookies.admin, tokenFrom = `${base()}/formulir`, prefix = M) {
  const page = await get(tokenFrom, cookie, prefix);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec((await get('/kelola/layanan', cookie, prefix)).body)?.[1];
  if (!csrf) throw new Error(`no form on ${tokenFrom}: ${page.statusCode}`);
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return t.app.inject({ method: 'POST', url: `${prefix}${url}`, headers: { accept: 'text/html', cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}

const setup = async () =>
  (await t.app.inject({ url: `${M}/api/v1/admin/services/${serviceId}/application-setup`, headers: { cookie: cookies.admin } })).json() as {
    form: { groups: { id: string; fields: { id: string; type: string; maxBytes?: number; accept?: string[]; visibleIf?: unknown }[] }[]; requirements: { requirement: string; fields: string[] }[] } | null;
    workflow: { start: string; steps: { id: string; kind: string; actions?: { approve?: { to: string } } }[] } | null;
  };
const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '').replace(M, '');
const decoded = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

const REQ_DEATH = 'Surat keterangan kematian dari rumah sakit, puskesmas atau kelurahan';

describe('who may open the builder', () => {
  const pages = () => ['/formulir', '/formulir/pratinjau', '/formulir/isian/baru', '/alur', '/periksa'].map((p) => `${base()}${p}`);

  it('lets the agency’s and the tenant’s administrators in, and lists the entry page on the officer home', async () => {
    for (const url of pages()) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect((await get(url, cookies.tenantAdmin)).statusCode, url).toBeLessThan(400);
    }
    const list = await get('/kelola/permohonan');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`${M}${base()}/formulir`);
    expect((await get('/petugas')).body).toContain(`${M}/kelola/permohonan`);
    expect((await get('/petugas', cookies.verifier)).body).not.toContain(`${M}/kelola/permohonan"`);
  });

  it('refuses another agency’s administrator, another role and another tenant', async () => {
    for (const url of pages()) {
      expect((await get(url, cookies.otherAgency)).statusCode, url).toBe(403);
      expect((await get(url, cookies.verifier)).statusCode, url).toBe(403);
      expect((await get(url, cookies.otherTenant, '/t/jateng')).statusCode, url).toBe(404);
    }
    expect((await get('/kelola/permohonan', cookies.verifier)).statusCode).toBe(403);
    const fields = { label_id: 'Nama', id: 'nama', type: 'text', group: '__baru', new_group_id: 'data', new_group_title_id: 'Data' };
    expect((await post(`${base()}/formulir/isian/baru`, fields, cookies.otherAgency, '/kelola/layanan')).statusCode).toBe(403);
    expect((await post(`${base()}/alur/siap-pakai`, { preset: 'verify_issue' }, cookies.otherAgency, '/kelola/layanan')).statusCode).toBe(403);
    expect((await post(`${base()}/formulir/isian/baru`, fields, cookies.otherTenant, '/kelola/layanan', '/t/jateng')).statusCode).toBe(404);
    expect((await setup()).form).toBeNull();
    expect((await setup()).workflow).toBeNull();
  });
});

describe('building the form without JavaScript', () => {
  it('offers to start from the standard’s requirements and shows each one without a field', async () => {
    const page = await get(`${base()}/formulir`);
    expect(page.body).toContain('Mulai dari persyaratan standar');
    expect(page.body).toContain(REQ_DEATH);
    expect(page.body).toContain('belum ada isian');
    expect(page.body).toContain('/static/build/form-builder.js');
  });

  it('refuses a field with a bad code and no label, keeping what was typed, in Bahasa Indonesia, saving nothing', async () => {
    const res = await post(`${base()}/formulir/isian/baru`, { from: 'builder', label_id: '', label_en: 'Deceased’s name', id: 'Nama Almarhum', type: 'text', group: '__baru', new_group_id: 'data', new_group_title_id: 'Data almarhum' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('Kode hanya boleh huruf kecil, angka dan _, diawali huruf.');
    expect(res.body).toMatch(/id="e-label_id"[^>]*>[^<]*wajib/i);
    expect(decoded(res.body)).toContain('value="Deceased’s name"');
    expect(decoded(res.body)).toContain('value="Data almarhum"');
    expect((await setup()).form).toBeNull();
  });

  it('adds a text field in a new group and a file upload mapped to a requirement', async () => {
    const first = await post(`${base()}/formulir/isian/baru`, { from: 'builder', label_id: 'Nama almarhum', id: 'nama_almarhum', type: 'text', required: 'true', group: '__baru', new_group_id: 'data', new_group_title_id: 'Data almarhum' });
    expect(first.statusCode).toBe(303);
    expect(location(first)).toBe(`${base()}/formulir?ok=saved#f-field-nama_almarhum`);
    const file = await post(`${base()}/formulir/isian/baru`, {
      label_id: 'Surat keterangan kematian',
      label_en: 'Death notice',
      id: 'surat_kematian',
      type: 'file',
      required: 'true',
      group: 'data',
      requirement: REQ_DEATH,
      accept: ['application/pdf', 'image/jpeg'],
      maxMb: '2',
      maxFiles: '1',
      // settings of another type are ignored, never refused
      options: 'a | A',
    });
    expect(file.statusCode).toBe(303);
    const { form } = await setup();
    expect(form!.groups).toEqual([expect.objectContaining({ id: 'data', fields: [expect.objectContaining({ id: 'nama_almarhum', type: 'text' }), expect.objectContaining({ id: 'surat_kematian', type: 'file', maxBytes: 2 * 1024 * 1024, accept: ['application/pdf', 'image/jpeg'] })] })]);
    expect(form!.requirements).toEqual([{ requirement: REQ_DEATH, fields: ['surat_kematian'] }]);
    const page = await get(`${base()}/formulir?ok=saved`);
    expect(page.body).toContain('Formulir tersimpan sebagai draf.');
    expect(page.body).toContain('id="f-field-surat_kematian"');
    expect(page.body).not.toContain('Mulai dari persyaratan standar');
  });

  it('refuses a condition on an unknown field beside its input, keeping the typed label', async () => {
    const res = await post(`${base()}/formulir/isian/nama_almarhum`, { label_id: 'Nama lengkap almarhum', id: 'nama_almarhum', type: 'text', required: 'true', group: 'data', when_field: 'tidak_ada', when_value: 'ya' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/id="e-when_field"[^>]*>[^<]*tidak_ada/);
    expect(res.body).toContain('value="Nama lengkap almarhum"');
    expect((await setup()).form!.groups[0]!.fields[0]!.visibleIf).toBeUndefined();
  });

  it('edits a field, moves it and removes it', async () => {
    const edit = await post(`${base()}/formulir/isian/nama_almarhum`, { label_id: 'Nama lengkap', id: 'nama_lengkap', type: 'select', required: 'true', group: 'data', options: 'Laki-laki\np | Perempuan | Female' });
    expect(edit.statusCode).toBe(303);
    let { form } = await setup();
    expect(form!.groups[0]!.fields.map((f) => f.id)).toEqual(['nama_lengkap', 'surat_kematian']);
    expect(form!.groups[0]!.fields[0]).toMatchObject({ type: 'select', options: [{ value: 'laki_laki', label: { id: 'Laki-laki', en: 'Laki-laki' } }, { value: 'p', label: { id: 'Perempuan', en: 'Female' } }] });
    expect((await post(`${base()}/formulir`, { aksi: 'turun:field:nama_lengkap' })).statusCode).toBe(303);
    ({ form } = await setup());
    expect(form!.groups[0]!.fields.map((f) => f.id)).toEqual(['surat_kematian', 'nama_lengkap']);
    expect((await post(`${base()}/formulir`, { aksi: 'hapus:field:nama_lengkap' })).statusCode).toBe(303);
    ({ form } = await setup());
    expect(form!.groups[0]!.fields.map((f) => f.id)).toEqual(['surat_kematian']);
  });

  it('refuses removing the last field with a message, keeping the form', async () => {
    const res = await post(`${base()}/formulir`, { aksi: 'hapus:group:data' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect((await setup()).form!.groups).toHaveLength(1);
  });

  it('edits a group into a repeating one', async () => {
    const res = await post(`${base()}/formulir/kelompok/data`, { title_id: 'Data', repeatable: 'true', repeat_min: '1', repeat_max: '3', item_label_id: 'Dokumen' });
    expect(res.statusCode).toBe(303);
    expect((await setup()).form!.groups[0]).toMatchObject({ repeatable: { min: 1, max: 3, itemLabel: { id: 'Dokumen', en: 'Dokumen' } } });
    const refused = await post(`${base()}/formulir/kelompok/data`, { title_id: 'Data', repeatable: 'true', repeat_min: '5', repeat_max: '3', item_label_id: 'Dokumen' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="e-repeat_min"');
    await post(`${base()}/formulir/kelompok/data`, { title_id: 'Data' });
  });

  it('previews the form as a citizen sees it, inputs disabled', async () => {
    const page = await get(`${base()}/formulir/pratinjau`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pratinjau.');
    expect(page.body).toContain('<fieldset disabled class="preview-inputs">');
    expect(page.body).toContain('type="file"');
    const main = page.body.slice(page.body.indexOf('<main'), page.body.indexOf('</main>'));
    expect(main).not.toContain('<form');
  });
});

describe('the workflow editor', () => {
  it('starts from a preset, after refusing no choice', async () => {
    const none = await post(`${base()}/alur/siap-pakai`, {}, cookies.admin, `${base()}/alur`);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Pilih alur siap pakai.');
    const res = await post(`${base()}/alur/siap-pakai`, { preset: 'verify_approve_issue' }, cookies.admin, `${base()}/alur`);
    expect(res.statusCode).toBe(303);
    const { workflow } = await setup();
    expect(workflow!.steps.map((s) => s.id)).toContain('approve');
    const page = await get(`${base()}/alur`);
    expect(page.body).toContain('id="f-step-verify"');
    expect(page.body).toMatch(/Disetujui → [^<]+/);
  });

  it('refuses a step with a dead end, naming the step beside it, keeping the typed name', async () => {
    const res = await post(`${base()}/alur/langkah/verify`, { name_id: 'Verifikasi berkas baru', role: 'verifier', days: '2', lapse: 'escalate', lapse_role: 'agency_admin', lapse_days: '2' }, cookies.admin, `${base()}/alur`);
    expect(res.statusCode).toBe(400);
    expect(decoded(res.body)).toMatch(/id="f-step"[\s\S]*Langkah "verify"/);
    expect(res.body).toContain('value="Verifikasi berkas baru"');
    expect((await setup()).workflow!.steps.find((s) => s.id === 'verify')!.actions!.approve).toBeDefined();
  });

  it('refuses deemed approval where the service has not enabled it, naming the step', async () => {
    const res = await post(`${base()}/alur/langkah/approve`, { name_id: 'Persetujuan', role: 'approver', days: '3', lapse: 'deemed_approval', approve_to: 'sign', reject_to: 'rejected' }, cookies.admin, `${base()}/alur`);
    expect(res.statusCode).toBe(400);
    expect(decoded(res.body)).toContain('"approve"');
  });

  it('adds a step after another, reachable at once', async () => {
    const res = await post(`${base()}/alur/langkah-baru`, { after: 'verify', kind: 'task', id: 'survey', name_id: 'Survei lapangan', role: 'verifier' }, cookies.admin, `${base()}/alur`);
    expect(res.statusCode).toBe(303);
    const { workflow } = await setup();
    expect(workflow!.steps.find((s) => s.id === 'verify')!.actions!.approve!.to).toBe('survey');
    expect(workflow!.steps.find((s) => s.id === 'survey')!.actions!.approve!.to).toBe('approve');
    const taken = await post(`${base()}/alur/langkah-baru`, { after: 'verify', kind: 'task', id: 'survey', name_id: 'Lagi' }, cookies.admin, `${base()}/alur`);
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Kode ini sudah dipakai langkah lain.');
    expect((await post(`${base()}/alur/hapus`, { langkah: 'survey' }, cookies.admin, `${base()}/alur`)).statusCode).toBe(303);
    expect((await setup()).workflow!.steps.find((s) => s.id === 'verify')!.actions!.approve!.to).toBe('approve');
  });

  it('adds parallel branches of officer tasks that join where the arrow led', async () => {
    const missing = await post(`${base()}/alur/langkah-baru`, { after: 'verify', kind: 'parallel', id: 'rekom', name_id: 'Rekomendasi teknis', branch_1: 'Rekomendasi Dinkes' }, cookies.admin, `${base()}/alur`);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Tulis nama paling sedikit dua cabang.');
    expect(missing.body).toContain('value="Rekomendasi Dinkes"');
    const res = await post(
      `${base()}/alur/langkah-baru`,
      { after: 'verify', kind: 'parallel', id: 'rekom', name_id: 'Rekomendasi teknis', role: 'verifier', branch_1: 'Rekomendasi Dinkes', branch_agency_1: 'dinkes', branch_2: 'Rekomendasi Dishub', branch_agency_2: 'dishub' },
      cookies.admin,
      `${base()}/alur`,
    );
    expect(res.statusCode, res.body.match(/error-summary[\s\S]{0,600}/)?.[0]).toBe(303);
    const { workflow } = await setup();
    const step = (id: string) => workflow!.steps.find((s) => s.id === id) as { id: string; kind: string; branches?: string[]; join?: string; agency?: string; actions?: { approve?: { to: string } } };
    expect(step('verify').actions!.approve!.to).toBe('rekom');
    expect(step('rekom')).toMatchObject({ kind: 'parallel', branches: ['rekom-1', 'rekom-2'], join: 'approve' });
    expect(step('rekom-1')).toMatchObject({ kind: 'task', agency: 'dinkes', actions: { approve: { to: 'approve' } } });
    expect(step('rekom-2')).toMatchObject({ kind: 'task', agency: 'dishub' });
    const page = await get(`${base()}/alur`);
    expect(page.body).toContain('2 cabang berjalan bersamaan');
    // A step can be put on a branch's arrow, too.
    expect(page.body).toContain('value="rekom:branch:rekom-1"');
    // Removed with its branches: what led to it leads to its join.
    expect((await post(`${base()}/alur/hapus`, { langkah: 'rekom' }, cookies.admin, `${base()}/alur`)).statusCode).toBe(303);
    const after = (await setup()).workflow!;
    expect(after.steps.map((s) => s.id).filter((id) => id.startsWith('rekom'))).toEqual([]);
    expect(after.steps.find((s) => s.id === 'verify')!.actions!.approve!.to).toBe('approve');
  });

  it('adds an end on an arrow, and refuses one that leaves a step unreachable, naming it', async () => {
    const before = (await setup()).workflow!;
    const cut = await post(`${base()}/alur/langkah-baru`, { after: 'verify', kind: 'end', id: 'selesai', name_id: 'Selesai tanpa persetujuan', outcome: 'approved' }, cookies.admin, `${base()}/alur`);
    expect(cut.statusCode).toBe(400);
    expect(decoded(cut.body)).toMatch(/error-summary[\s\S]*"approve"/);
    expect((await setup()).workflow).toEqual(before);
    const noOutcome = await post(`${base()}/alur/langkah-baru`, { after: 'verify:reject', kind: 'end', id: 'ditolak-2', name_id: 'Ditolak verifikator' }, cookies.admin, `${base()}/alur`);
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.body).toContain('id="e-outcome"');
    const res = await post(`${base()}/alur/langkah-baru`, { after: 'verify:reject', kind: 'end', id: 'ditolak-2', name_id: 'Ditolak verifikator', outcome: 'rejected' }, cookies.admin, `${base()}/alur`);
    expect(res.statusCode, res.body.match(/error-summary[\s\S]{0,600}/)?.[0]).toBe(303);
    const { workflow } = await setup();
    expect(workflow!.steps.find((s) => s.id === 'verify')!.actions).toMatchObject({ reject: { to: 'ditolak-2' } });
    expect(workflow!.steps.find((s) => s.id === 'ditolak-2')).toMatchObject({ kind: 'end', outcome: 'rejected' });
  });

  it('saves the service-level settings', async () => {
    const res = await post(`${base()}/alur/pengaturan`, { revisionPolicy: 'restart', start: 'verify', serviceDays: 'dua' }, cookies.admin, `${base()}/alur`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="e-serviceDays"');
    expect((await post(`${base()}/alur/pengaturan`, { revisionPolicy: 'restart', start: 'verify', serviceDays: '5' }, cookies.admin, `${base()}/alur`)).statusCode).toBe(303);
    expect(await setup()).toMatchObject({ workflow: { revisionPolicy: 'restart', serviceDays: 5 } });
  });
});

describe('checking and publishing', () => {
  it('says which requirements still have no field, and the catalogue refuses to publish with the message on its page', async () => {
    const check = await get(`${base()}/periksa`);
    expect(check.body).toContain('Penerbitan akan ditolak karena:');
    expect(check.body).toContain('KTP-el pelapor');
    const catalog = await get(`/kelola/layanan/${serviceId}`);
    expect(catalog.body).toContain(`href="${M}${base()}/formulir"`);
    expect((await get(`/kelola/layanan/${serviceId}`, cookies.otherAgency)).body).not.toContain(`${base()}/formulir`);
    const csrfPage = await get(`/kelola/layanan/${serviceId}`);
    const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
    const fields: Record<string, string> = {};
    // As a browser sends the form: radios and checkboxes only when checked.
    const sent = (tag: string) => !/type="(radio|checkbox)"/.test(tag) || /\schecked/.test(tag);
    for (const [tag] of csrfPage.body.matchAll(/<input [^>]*>/g)) if (attr(tag, 'name') && attr(tag, 'name') !== '_csrf' && sent(tag)) fields[attr(tag, 'name')!] = decoded(attr(tag, 'value') ?? '');
    for (const m of csrfPage.body.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]!] = decoded(m[2]!);
    // The standard loses the line the form maps, so the form's mapping is stale as well.
    fields.comp_persyaratan_id = fields.comp_persyaratan_id!.split('\n').filter((l) => !l.startsWith('Surat keterangan kematian')).join('\n');
    const published = await post(`/kelola/layanan/${serviceId}`, { ...fields, action: 'publish' }, cookies.admin, `/kelola/layanan/${serviceId}`);
    expect(published.statusCode, published.body.match(/error-summary[\s\S]{0,600}/)?.[0]).toBe(303);
    const after = await t.app.inject({ url: String(published.headers.location), headers: { accept: 'text/html', cookie: [cookies.admin, ...([] as string[]).concat(published.headers['set-cookie'] ?? []).map((c) => c.split(';')[0])].join('; ') } });
    expect(decoded(after.body)).toContain('"KTP-el pelapor"');
    // The error links to the standard's requirements field, not to an anchor that does not exist.
    expect(after.body).toContain('href="#f-comp_persyaratan_id"');
    expect(decoded(after.body)).toContain(`<li>Formulir memetakan persyaratan "${REQ_DEATH}"`);
    expect(after.body).not.toMatch(/href="#f-_(components|form|workflow)/);
  });
});
