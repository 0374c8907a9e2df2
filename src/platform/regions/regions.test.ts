import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../paths.js';
import { findRegion, listChildRegions, listProvinces, regionKind, regionPath } from './index.js';

describe('regions (idn-area-data)', () => {
  it('reads exactly the pinned files of idn-area-data 4.0.1 (data/SHA256SUMS)', () => {
    const dir = fromRoot('src/platform/regions/data');
    const sums = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums).toHaveLength(4);
    for (const line of sums) {
      const [sum, file] = line.split(/\s+/);
      expect(createHash('sha256').update(fs.readFileSync(path.join(dir, file!))).digest('hex'), file).toBe(sum);
    }
  });

  it('lists the 38 provinces', () => {
    const provinces = listProvinces();
    expect(provinces).toHaveLength(38);
    expect(provinces[0]).toEqual({ code: '11', name: 'Aceh', level: 'province', parentCode: null });
    expect(provinces.find((p) => p.code === '33')?.name).toBe('Jawa Tengah');
  });

  it('walks province → regency/city → district → village', () => {
    const regencies = listChildRegions('73');
    const makassar = regencies.find((r) => r.code === '73.71');
    expect(makassar?.name).toBe('Kota Makassar');
    const districts = listChildRegions('73.71');
    expect(districts.length).toBeGreaterThan(10);
    const villages = listChildRegions(districts[0]!.code);
    expect(villages.length).toBeGreaterThan(0);
    const village = villages[0]!;
    expect(village.level).toBe('village');
    expect(regionPath(village.code).map((r) => r.level)).toEqual(['province', 'regency', 'district', 'village']);
    expect(regionPath(village.code)[1]!.name).toBe('Kota Makassar');
  });

  it('answers unknown codes with nothing rather than an error', () => {
    expect(findRegion('99.99')).toBeUndefined();
    expect(listChildRegions('99')).toEqual([]);
    expect(regionPath('99.99.99.9999')).toEqual([]);
  });

  it.each([
    ['33', 'province'],
    ['33.01', 'kabupaten'],
    ['73.71', 'kota'],
    ['73.71.01', 'kecamatan'],
    ['73.71.01.1001', 'kelurahan'],
    ['33.01.01.2001', 'desa'],
  ] as const)('regionKind(%s) = %s', (code, kind) => {
    expect(regionKind(code)).toBe(kind);
  });
});
