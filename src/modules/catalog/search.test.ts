// Table tests of the search: everyday words → the right service first, on the demo catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { type ServiceContext, systemContext } from '../../platform/context.js';
import { listTenants, type Tenant } from '../tenancy/index.js';
import { analyze, foldText } from './search.js';
import { DEMO_CATALOG } from './seed-data.js';
import { createService, publishService, searchServices, updateDraft } from './service.js';
import { listAgencies } from '../tenancy/index.js';

let t: TestApp;
let tenants: Record<string, Tenant>;
let ctx: ServiceContext;

beforeAll(async () => {
  t = await createTestApp();
  tenants = Object.fromEntries((await listTenants(t.db.owner)).map((x) => [x.slug, x]));
  ctx = systemContext(t.db.app, t.audit, 'test');
});
afterAll(() => t.close());

describe('text analysis', () => {
  it.each([
    ['KTP-el', ['ktp']],
    ['e-KTP', ['ktp']],
    ['Kartu Tanda Penduduk', ['ktp']],
    ['kartukeluarga', ['kk']],
    ['Akte Lahir', ['aktalahir']],
    ['IMB rumah', ['pbg', 'rumah']],
    ['cara bikin KK', ['kk']],
    ['Pendaftaran sekolah', ['ppdb']],
    ['Bantuan Sosial', ['bansos']],
    ['Café Ñusantara', ['cafe', 'nusantara']],
  ])('%s → %j', (input, tokens) => {
    expect(analyze(input, false)).toEqual(tokens);
  });

  it('folds case, accents and punctuation', () => {
    expect(foldText('  Légalisir—IJAZAH!! ')).toBe('legalisir ijazah');
  });
});

// [tenant, what a person types, the service code that must come first]
const CASES: [string, string, string][] = [
  ['makassar', 'ktp', 'ktp-el'],
  ['makassar', 'KTP-el', 'ktp-el'],
  ['makassar', 'bikin ktp baru', 'ktp-el'],
  ['makassar', 'kartu tanda penduduk', 'ktp-el'],
  ['makassar', 'e ktp', 'ktp-el'],
  ['makassar', 'ktp hilang', 'ktp-el-penggantian'],
  ['makassar', 'new identity card', 'ktp-el'],
  ['makassar', 'kk', 'kartu-keluarga'],
  ['makassar', 'kartu keluarga', 'kartu-keluarga'],
  ['makassar', 'kartukeluarga', 'kartu-keluarga'],
  ['makassar', 'kartu kluarga', 'kartu-keluarga'],
  ['makassar', 'family card', 'kartu-keluarga'],
  ['makassar', 'akta lahir', 'akta-kelahiran'],
  ['makassar', 'akte kelahiran anak', 'akta-kelahiran'],
  ['makassar', 'akta kelahran', 'akta-kelahiran'],
  ['makassar', 'birth certificate', 'akta-kelahiran'],
  ['makassar', 'akta kematian', 'akta-kematian'],
  ['makassar', 'surat kematian', 'akta-kematian'],
  ['makassar', 'surat pindah', 'surat-pindah'],
  ['makassar', 'kartu identitas anak', 'kia'],
  ['makassar', 'KIA', 'kia'],
  ['makassar', 'akta nikah', 'akta-perkawinan'],
  ['makassar', 'izin usaha', 'nib'],
  ['makassar', 'NIB', 'nib'],
  ['makassar', 'business licence', 'nib'],
  ['makassar', 'IMB', 'pbg'],
  ['makassar', 'PBG', 'pbg'],
  ['makassar', 'izin mendirikan bangunan', 'pbg'],
  ['makassar', 'building permit', 'pbg'],
  ['makassar', 'sertifikat laik fungsi', 'slf'],
  ['makassar', 'izin reklame', 'izin-reklame'],
  ['makassar', 'baliho', 'izin-reklame'],
  ['makassar', 'surat keterangan sehat', 'surat-keterangan-sehat'],
  ['makassar', 'surat sehat', 'surat-keterangan-sehat'],
  ['makassar', 'health certificate', 'surat-keterangan-sehat'],
  ['makassar', 'izin praktek dokter', 'izin-praktik'],
  ['makassar', 'BPJS', 'jkn-pbi'],
  ['makassar', 'bpjs gratis', 'jkn-pbi'],
  ['makassar', 'PPDB', 'ppdb'],
  ['makassar', 'daftar sekolah', 'ppdb'],
  ['makassar', 'legalisir ijazah', 'legalisir-ijazah'],
  ['makassar', 'legalisasi ijasah', 'legalisir-ijazah'],
  ['makassar', 'bansos', 'dtks'],
  ['makassar', 'DTKS', 'dtks'],
  ['makassar', 'uji KIR', 'uji-kir'],
  ['makassar', 'uji kir mobil', 'uji-kir'],
  ['makassar', 'izin trayek', 'izin-trayek'],
  ['makassar', 'angkot', 'izin-trayek'],
  ['makassar', 'informasi publik', 'permohonan-informasi'],
  ['jateng', 'pajak motor', 'pkb-tahunan'],
  ['jateng', 'balik nama', 'bbnkb'],
  ['jateng', 'PPDB SMA', 'ppdb'],
  ['jateng', 'izin usaha', 'nib'],
  ['jateng', 'izin trayek bus', 'izin-trayek-akdp'],
  ['jateng', 'panti jompo', 'rehabilitasi-sosial'],
];

describe('search ranks the right service first', () => {
  it.each(CASES)('%s: "%s" → %s', async (tenant, query, code) => {
    const hits = await searchServices({ ...ctx, tenant: tenants[tenant]! }, query, 5);
    expect(hits.map((h) => h.service.code)[0]).toBe(code);
  });

  it('finds nothing for nonsense and for stopwords alone', async () => {
    expect(await searchServices({ ...ctx, tenant: tenants.makassar! }, 'cara untuk', 5)).toEqual([]);
    expect(await searchServices({ ...ctx, tenant: tenants.makassar! }, 'qwxzvb', 5)).toEqual([]);
  });

  it('ranks by relevance: scores descend', async () => {
    const hits = await searchServices({ ...ctx, tenant: tenants.makassar! }, 'akta', 10);
    expect(hits.length).toBeGreaterThanOrEqual(3);
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});

describe('the index follows publications', () => {
  it('finds a service as soon as it is published, and its new name after a revision', async () => {
    const makassar = tenants.makassar!;
    const dinsos = (await listAgencies(t.db.app, makassar)).find((a) => a.code === 'dinsos')!;
    expect(await searchServices({ ...ctx, tenant: makassar }, 'zebracross', 5)).toEqual([]);
    const base = DEMO_CATALOG.makassar![0]!.definition;
    const created = await createService({ ...ctx, tenant: makassar }, dinsos.id, { ...base, code: 'zebra', name: { id: 'Layanan zebracross' }, keywords: [] });
    expect(await searchServices({ ...ctx, tenant: makassar }, 'zebracross', 5)).toEqual([]); // a draft is not public
    await publishService({ ...ctx, tenant: makassar }, created.id);
    expect((await searchServices({ ...ctx, tenant: makassar }, 'zebracross', 5)).map((h) => h.service.code)).toEqual(['zebra']);
    await updateDraft({ ...ctx, tenant: makassar }, created.id, { ...base, code: 'zebra', name: { id: 'Layanan kanguru' }, keywords: [] });
    await publishService({ ...ctx, tenant: makassar }, created.id);
    expect(await searchServices({ ...ctx, tenant: makassar }, 'zebracross', 5)).toEqual([]);
    expect((await searchServices({ ...ctx, tenant: makassar }, 'kanguru', 5)).map((h) => h.service.version)).toEqual([2]);
  });
});
