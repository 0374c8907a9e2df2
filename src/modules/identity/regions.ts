// Indonesian administrative regions (province → regency/city → district → village): the CSVs of
// `idn-area-data` 4.0.1, shipped in data/regions/ and pinned by its SHA256SUMS (decision 0026). The
// DATA is ODbL 1.0: pages that show it carry REGION_ATTRIBUTION, and derived tables published as open
// data stay ODbL.
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../platform/paths.js';

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

interface RegionTable {
  byCode: Map<string, Region>;
  children: Map<string, Region[]>;
  provinces: Region[];
}

let table: RegionTable | undefined;

const REGION_DATA_DIR = fromRoot('src/modules/identity/data/regions');

/** The package's CSVs have no quoted commas in names except a few quoted fields; parse them properly. */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

function load(): RegionTable {
  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  for (const file of ['provinces', 'regencies', 'districts', 'villages']) {
    const lines = fs.readFileSync(path.join(REGION_DATA_DIR, `${file}.csv`), 'utf8').split(/\r?\n/);
    const header = parseCsvLine(lines[0]!);
    const codeAt = header.indexOf('code');
    const nameAt = header.indexOf('name');
    for (const line of lines.slice(1)) {
      if (line === '') continue;
      const fields = parseCsvLine(line);
      const code = fields[codeAt]!;
      const parts = code.split('.');
      const region: Region = {
        code,
        name: fields[nameAt]!,
        level: LEVEL_BY_PARTS[parts.length]!,
        parentCode: parts.length > 1 ? parts.slice(0, -1).join('.') : null,
      };
      byCode.set(code, region);
      const key = region.parentCode ?? '';
      let list = children.get(key);
      if (!list) children.set(key, (list = []));
      list.push(region);
    }
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { byCode, children, provinces: children.get('') ?? [] };
}

function regions(): RegionTable {
  table ??= load();
  return table;
}

export function listProvinces(): Region[] {
  return regions().provinces;
}

/** The regions directly below `code` (regencies of a province, districts of a regency, villages of a district). */
export function listChildRegions(code: string): Region[] {
  return regions().children.get(code) ?? [];
}

export function findRegion(code: string): Region | undefined {
  return regions().byCode.get(code);
}

/** The region and its ancestors, province first; empty when the code is unknown. */
export function regionPath(code: string): Region[] {
  const out: Region[] = [];
  for (let r = findRegion(code); r; r = r.parentCode ? findRegion(r.parentCode) : undefined) out.unshift(r);
  return out;
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
