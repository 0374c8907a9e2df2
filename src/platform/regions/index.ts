// Indonesian administrative regions (province → regency/city → district → village): the CSVs of
// `idn-area-data` 4.0.1, shipped in data/ and pinned by its SHA256SUMS (decision 0026). Reference data
// every module may name places with (identity: a citizen's village; tenancy: where a government is).
// The DATA is ODbL 1.0: pages that show it carry REGION_ATTRIBUTION, and derived tables published as
// open data stay ODbL.
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths.js';
import { parseCsvLine } from '../csv.js';

export const REGION_ATTRIBUTION =
  'Data wilayah: idn-area-data (fityannugroho), lisensi ODbL 1.0 / Region data: idn-area-data, ODbL 1.0';

export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

export interface Region {
  /** Kemendagri code: PP, PP.KK, PP.KK.CC or PP.KK.CC.VVVV. */
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

const LEVEL_BY_PARTS: Record<number, RegionLevel> = { 1: 'province', 2: 'regency', 3: 'district', 4: 'village' };

/** One level's file, read when first needed: naming a province must not read 83,762 villages. */
interface LevelTable {
  byCode: Map<string, Region>;
  /** The level's regions by their parent's code ('' for provinces). */
  byParent: Map<string, Region[]>;
}

const FILES: Record<RegionLevel, string> = { province: 'provinces', regency: 'regencies', district: 'districts', village: 'villages' };
const tables = new Map<RegionLevel, LevelTable>();

const REGION_DATA_DIR = fromRoot('src/platform/regions/data');

function load(level: RegionLevel): LevelTable {
  const byCode = new Map<string, Region>();
  const byParent = new Map<string, Region[]>();
  const lines = fs.readFileSync(path.join(REGION_DATA_DIR, `${FILES[level]}.csv`), 'utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0]!);
  const codeAt = header.indexOf('code');
  const nameAt = header.indexOf('name');
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const fields = parseCsvLine(line);
    const code = fields[codeAt]!;
    const parts = code.split('.');
    const region: Region = { code, name: fields[nameAt]!, level, parentCode: parts.length > 1 ? parts.slice(0, -1).join('.') : null };
    byCode.set(code, region);
    const key = region.parentCode ?? '';
    let list = byParent.get(key);
    if (!list) byParent.set(key, (list = []));
    list.push(region);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { byCode, byParent };
}

function table(level: RegionLevel): LevelTable {
  let found = tables.get(level);
  if (!found) tables.set(level, (found = load(level)));
  return found;
}

const levelOf = (code: string): RegionLevel | undefined => LEVEL_BY_PARTS[code.split('.').length];

export function listProvinces(): Region[] {
  return table('province').byParent.get('') ?? [];
}

/** The regions directly below `code` (regencies of a province, districts of a regency, villages of a district). */
export function listChildRegions(code: string): Region[] {
  const level = levelOf(code);
  const below = level === 'province' ? 'regency' : level === 'regency' ? 'district' : level === 'district' ? 'village' : undefined;
  return below ? (table(below).byParent.get(code) ?? []) : [];
}

export function findRegion(code: string): Region | undefined {
  const level = typeof code === 'string' ? levelOf(code) : undefined;
  return level ? table(level).byCode.get(code) : undefined;
}

/** The region and its ancestors, province first; empty when the code is unknown. */
export function regionPath(code: string): Region[] {
  const out: Region[] = [];
  for (let r = findRegion(code); r; r = r.parentCode ? findRegion(r.parentCode) : undefined) out.unshift(r);
  return out;
}

/**
 * A region in words, for pages: its name after those of the regions it lies in (province first), or
 * `fallback` (default: the code itself) when the code names no region.
 */
export function regionName(code: string, fallback: string = code): string {
  const names = regionPath(code).map((r) => r.name);
  return names.length > 0 ? names.join(', ') : fallback;
}

/** A regency code ≥ 71 is a Kota (city); village code starting 1 is a kelurahan, 2 a desa (DOMAIN.md §5). */
export function regionKind(code: string): 'province' | 'kabupaten' | 'kota' | 'kecamatan' | 'kelurahan' | 'desa' | undefined {
  const parts = code.split('.');
  if (parts.length === 1) return 'province';
  if (parts.length === 2) return Number(parts[1]) >= 71 ? 'kota' : 'kabupaten';
  if (parts.length === 3) return 'kecamatan';
  if (parts.length === 4) return parts[3]!.startsWith('1') ? 'kelurahan' : 'desa';
  return undefined;
}
