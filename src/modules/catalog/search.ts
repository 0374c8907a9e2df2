// Search that understands how people type (decision 0009): an in-process MiniSearch index per tenant,
// rebuilt when the tenant's catalogue revision (bumped in the same transaction as every publish)
// or the day changes. Text is folded (case, accents, punctuation), common phrases, abbreviations and
// their English names are mapped to one canonical token on both sides, and terms are matched with
// typo tolerance (edit distance 1 for 4–8 letters, 2 beyond) and as prefixes (4 letters or more).
import MiniSearch, { type SearchResult } from 'minisearch';

/**
 * Synonym groups: every variant (and the variant written without spaces) becomes the canonical
 * token. Abbreviations of three letters or fewer are matched exactly (no typo tolerance), so they
 * must be listed here or in a service's keywords.
 */
export const SYNONYMS: Record<string, string[]> = {
  ktp: [
    'kartu tanda penduduk elektronik',
    'kartu tanda penduduk',
    'ktp el',
    'e ktp',
    'ktp elektronik',
    'identity card',
    'id card',
    'national id',
  ],
  kk: ['kartu keluarga', 'family card', 'family register', 'kk'],
  kia: ['kartu identitas anak', 'child identity card', 'child id card'],
  sim: ['surat izin mengemudi', 'driving licence', 'driving license', 'driver license', 'drivers license'],
  nib: [
    'nomor induk berusaha',
    'izin usaha',
    'ijin usaha',
    'izin berusaha',
    'perizinan berusaha',
    'business identification number',
    'business licence',
    'business license',
    'business permit',
    'oss',
  ],
  aktalahir: [
    'akta kelahiran',
    'akta lahir',
    'akte kelahiran',
    'akte lahir',
    'surat lahir',
    'birth certificate',
    'birth registration',
  ],
  aktamati: ['akta kematian', 'akte kematian', 'akta mati', 'surat kematian', 'death certificate', 'death registration'],
  aktanikah: ['akta perkawinan', 'akte perkawinan', 'akta nikah', 'marriage certificate', 'pencatatan perkawinan'],
  pbg: [
    'persetujuan bangunan gedung',
    'imb',
    'izin mendirikan bangunan',
    'ijin mendirikan bangunan',
    'izin bangunan',
    'building permit',
    'building approval',
  ],
  slf: ['sertifikat laik fungsi', 'certificate of occupancy', 'occupancy certificate'],
  bpjs: [
    'bpjs kesehatan',
    'jaminan kesehatan nasional',
    'jkn',
    'kis',
    'kartu indonesia sehat',
    'health insurance',
    'pbi',
  ],
  ppdb: [
    'penerimaan peserta didik baru',
    'spmb',
    'pendaftaran sekolah',
    'daftar sekolah',
    'masuk sekolah',
    'school admission',
    'school admissions',
    'school enrolment',
    'school enrollment',
    'school registration',
  ],
  bansos: [
    'bantuan sosial',
    'social assistance',
    'social aid',
    'dtks',
    'data terpadu kesejahteraan sosial',
    'dtsen',
    'pkh',
    'program keluarga harapan',
    'welfare',
  ],
  kir: [
    'uji kir',
    'uji berkala',
    'pengujian kendaraan bermotor',
    'uji kendaraan',
    'vehicle inspection',
    'roadworthiness test',
    'roadworthiness',
  ],
  trayek: ['izin trayek', 'ijin trayek', 'izin angkutan', 'route permit', 'route licence', 'route license'],
  pindah: [
    'surat pindah',
    'surat keterangan pindah',
    'skpwni',
    'skpwni',
    'pindah domisili',
    'pindah alamat',
    'pindah rumah',
    'change of address',
    'moving house',
    'relocation',
  ],
  legalisir: ['legalisasi', 'legalisir', 'certified copy', 'legalization', 'legalisation'],
  reklame: ['izin reklame', 'papan reklame', 'baliho', 'billboard', 'advertising permit', 'advertisement permit'],
  suketsehat: [
    'surat keterangan sehat',
    'surat sehat',
    'keterangan sehat',
    'health certificate',
    'medical certificate',
    'surat dokter',
  ],
  sip: ['surat izin praktik', 'izin praktik', 'izin praktek', 'ijin praktek', 'practice licence', 'practice license', 'practice permit'],
  pkb: ['pajak kendaraan bermotor', 'pajak kendaraan', 'pajak motor', 'pajak mobil', 'samsat', 'vehicle tax', 'road tax'],
  bbnkb: ['balik nama', 'bea balik nama', 'mutasi kendaraan', 'vehicle transfer'],
  skck: ['surat keterangan catatan kepolisian', 'police certificate'],
  ppid: ['informasi publik', 'permohonan informasi', 'public information', 'freedom of information'],
};

const STOPWORDS = new Set([
  'cara',
  'bagaimana',
  'gimana',
  'membuat',
  'buat',
  'bikin',
  'urus',
  'mengurus',
  'ngurus',
  'pengurusan',
  'saya',
  'aku',
  'yang',
  'untuk',
  'dan',
  'atau',
  'di',
  'ke',
  'dari',
  'mau',
  'ingin',
  'mohon',
  'tolong',
  'syarat',
  'persyaratan',
  'layanan',
  'how',
  'to',
  'get',
  'a',
  'an',
  'the',
  'my',
  'i',
  'of',
  'for',
  'in',
  'and',
  'or',
  'apply',
  'service',
]);

/** Lower case, accents removed, anything but letters and digits becomes a space. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Phrase {
  words: string[];
  token: string;
}

const PHRASES: Phrase[] = (() => {
  const list: Phrase[] = [];
  for (const [token, variants] of Object.entries(SYNONYMS)) {
    for (const variant of variants) {
      const words = foldText(variant).split(' ');
      list.push({ words, token });
      if (words.length > 1) list.push({ words: [words.join('')], token });
    }
    list.push({ words: [token], token });
  }
  // Longest phrase first, so "kartu tanda penduduk elektronik" wins over "kartu tanda penduduk".
  return list.sort((a, b) => b.words.length - a.words.length);
})();

const PHRASES_BY_FIRST = new Map<string, Phrase[]>();
for (const phrase of PHRASES) {
  const first = phrase.words[0]!;
  PHRASES_BY_FIRST.set(first, [...(PHRASES_BY_FIRST.get(first) ?? []), phrase]);
}

/**
 * Folds text and maps known phrases to their canonical token. `keepOriginal` keeps the words as well
 * (documents: "kartu keluarga" still matches "keluarga"); a query drops them (it asked for the concept).
 */
export function analyze(text: string, keepOriginal: boolean): string[] {
  const words = foldText(text).split(' ').filter((w) => w !== '');
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const match = PHRASES_BY_FIRST.get(words[i]!)?.find((p) => p.words.every((w, k) => words[i + k] === w));
    if (match) {
      out.push(match.token);
      if (keepOriginal) out.push(...words.slice(i, i + match.words.length));
      i += match.words.length;
    } else {
      out.push(words[i]!);
      i++;
    }
  }
  return out.filter((w) => !STOPWORDS.has(w));
}

/** Adjacent words joined ("kartu keluarga" → "kartukeluarga"), so a query typed without spaces matches. */
function withJoinedPairs(words: string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) pairs.push(words[i]! + words[i + 1]!);
  return [...words, ...pairs];
}

export interface SearchDoc {
  id: string;
  name: string;
  nameEn: string;
  keywords: string;
  summary: string;
  agency: string;
}

export interface SearchHit {
  id: string;
  score: number;
}

const FIELDS = ['name', 'nameEn', 'keywords', 'summary', 'agency'] as const;

export function buildIndex(docs: SearchDoc[]): MiniSearch<SearchDoc> {
  const index = new MiniSearch<SearchDoc>({
    fields: [...FIELDS],
    idField: 'id',
    // Joined pairs only where they matter (names, keywords): they double a field's vocabulary, and
    // typo matching walks the whole vocabulary.
    tokenize: (text, field) => (field === 'name' || field === 'nameEn' || field === 'keywords' ? withJoinedPairs(analyze(text, true)) : analyze(text, true)),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => analyze(text, false),
      processTerm: (term) => term,
    },
  });
  index.addAll(docs);
  return index;
}

const fuzzy = (term: string) => (term.length <= 3 ? false : term.length <= 8 ? 1 : 2);

export function searchIndex(index: MiniSearch<SearchDoc>, query: string, limit: number): SearchHit[] {
  if (analyze(query, false).length === 0) return [];
  const results: SearchResult[] = index.search(query, {
    boost: { name: 5, nameEn: 4, keywords: 3, summary: 1, agency: 0.5 },
    fuzzy,
    prefix: (term) => term.length >= 4,
    // Whole-word matches weigh more than prefix and typo matches (MiniSearch's defaults: 0.375, 0.45).
    weights: { prefix: 0.4, fuzzy: 0.35 },
    combineWith: 'OR',
  });
  return results.slice(0, limit).map((r) => ({ id: String(r.id), score: Math.round(r.score * 1000) / 1000 }));
}
