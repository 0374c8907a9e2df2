// Indonesian text normalisation for routing: how citizens write ("jln rusak bgt, udh 3 bln gk
// diperbaiki") is brought close to how the training examples are written, so that a handful of
// examples per category goes a long way. Pure functions; no dictionary files.

/**
 * Chat abbreviations, spelling variants and a few regional (Javanese, Makassar) words, mapped to
 * standard Indonesian. A value may be several words ("pju"). Keep entries unambiguous: "buat" (make /
 * for) or "bis" (bus / can) are left alone. A Map, not an object: the keys are the reporter's words,
 * and "constructor" must not find Object.prototype's.
 */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  yg: 'yang',
  tdk: 'tidak',
  gk: 'tidak',
  gak: 'tidak',
  ga: 'tidak',
  nggak: 'tidak',
  enggak: 'tidak',
  ngga: 'tidak',
  ndak: 'tidak',
  ora: 'tidak',
  ra: 'tidak',
  jl: 'jalan',
  jln: 'jalan',
  jalanan: 'jalan',
  dalan: 'jalan',
  dalane: 'jalan',
  udh: 'sudah',
  udah: 'sudah',
  sdh: 'sudah',
  wis: 'sudah',
  blm: 'belum',
  durung: 'belum',
  utk: 'untuk',
  dgn: 'dengan',
  dr: 'dari',
  tp: 'tapi',
  krn: 'karena',
  bgt: 'banget',
  skrg: 'sekarang',
  hrs: 'harus',
  tgl: 'tanggal',
  jg: 'juga',
  pd: 'pada',
  kalo: 'kalau',
  sy: 'saya',
  aku: 'saya',
  gmn: 'bagaimana',
  piye: 'bagaimana',
  knp: 'kenapa',
  org: 'orang',
  wong: 'orang',
  rb: 'ribu',
  bln: 'bulan',
  thn: 'tahun',
  blg: 'bilang',
  dtg: 'datang',
  dateng: 'datang',
  teko: 'datang',
  akte: 'akta',
  ktpel: 'ktp',
  kk: 'kartu keluarga',
  pju: 'lampu penerangan jalan umum',
  apill: 'lampu lalu lintas',
  bis: 'bus',
  banyu: 'air',
  omah: 'rumah',
  omahku: 'rumah saya',
  sekolahan: 'sekolah',
  lampune: 'lampu',
  sampahe: 'sampah',
  ambune: 'bau',
  mampet: 'tersumbat',
  lemot: 'lambat',
  pete: 'angkot',
  jukir: 'juru parkir',
  ojol: 'ojek online',
  nakes: 'tenaga kesehatan',
  pustu: 'puskesmas pembantu',
  rs: 'rumah sakit',
  rsud: 'rumah sakit umum daerah',
  // Makassar and Javanese particles carry no topic.
  ji: '',
  mi: '',
  ki: '',
  mo: '',
  nggih: '',
  pak: '',
  bu: '',
  dong: '',
  sih: '',
  deh: '',
}));

/** Words too common in reports to say anything about the topic. */
const STOPWORDS = new Set(
  (
    'yang dan di ke dari untuk dengan ini itu ada tidak sudah belum saya kami kita mereka dia ' +
    'tapi atau juga pada karena kalau akan bisa sangat banget sekali mohon tolong apa ' +
    'the a an of to and is in on for my our was been has have be it'
  ).split(' '),
);

const PREFIXES = ['meng', 'meny', 'mem', 'men', 'me', 'peng', 'peny', 'pem', 'pen', 'per', 'pe', 'ber', 'ter', 'di', 'ke', 'se'];
const SUFFIXES = ['kan', 'an', 'i'];
const PARTICLES = ['lah', 'kah', 'pun'];
const POSSESSIVES = ['nya', 'ku', 'mu'];
const MIN_STEM = 3;

function stripEnd(word: string, endings: readonly string[]): string {
  for (const end of endings) {
    if (word.length - end.length >= MIN_STEM + 1 && word.endsWith(end)) return word.slice(0, -end.length);
  }
  return word;
}

function stripStart(word: string): string {
  for (const prefix of PREFIXES) {
    if (word.length - prefix.length >= MIN_STEM && word.startsWith(prefix)) {
      const rest = word.slice(prefix.length);
      // meny-/peny- stand for a dropped s: menyapu → sapu.
      return prefix === 'meny' || prefix === 'peny' ? `s${rest}` : rest;
    }
  }
  return word;
}

/**
 * A light Indonesian stemmer in the spirit of Tala (2003): particle, possessive, one derivational
 * prefix (twice, for "diper-", "keber-") and one suffix. It over-stems sometimes ("pelayanan" →
 * "layan"); consistency matters more than correctness here, and character n-grams cover the rest.
 */
export function stemWord(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  let w = stripEnd(word, PARTICLES);
  w = stripEnd(w, POSSESSIVES);
  w = stripStart(stripStart(w));
  w = stripEnd(w, SUFFIXES);
  return w;
}

/**
 * Lower-case, strip punctuation, undo reduplication ("lubang2", "pecah-pecah"), expand
 * abbreviations. Returns the normalised words (before stop-word removal and stemming).
 */
export function normaliseText(text: string): string[] {
  const plain = text
    .normalize('NFKC')
    .toLowerCase()
    // "ktp-el" / "e-ktp" are one thing; "pecah-pecah" is one word said twice.
    .replace(/\b(?:ktp-el|e-ktp|ktp el)\b/g, 'ktp')
    .replace(/\b([a-z]+)-\1\b/g, '$1')
    .replace(/\b([a-z]{3,})2\b/g, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (plain === '') return [];
  const words: string[] = [];
  for (const word of plain.split(' ')) {
    const expanded = ABBREVIATIONS.get(word);
    if (expanded === undefined) words.push(word);
    else if (expanded !== '') words.push(...expanded.split(' '));
  }
  return words;
}

/** The words of a text that can say something about its topic: normalised, without stop words and bare numbers. */
export function contentWords(text: string): string[] {
  return normaliseText(text).filter((w) => !STOPWORDS.has(w) && !/^\d+$/.test(w));
}

/** The features of one content word, in a fixed order: its stem, then its character 3-, 4- and 5-grams. */
export function wordFeatures(word: string): string[] {
  const features = [`w:${stemWord(word)}`];
  const padded = `<${word}>`;
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) features.push(`c:${padded.slice(i, i + n)}`);
  }
  return features;
}

/**
 * The features of a text: stemmed content words, and character 3- to 5-grams of each word (robust
 * to typos, to regional spellings and to affixes the stemmer misses). Each feature is returned once,
 * first seen first: for reports a few sentences long, whether a word occurs matters, not how often.
 * (Adjacent word pairs were tried and added nothing in cross-validation.)
 */
export function extractFeatures(text: string): string[] {
  const features = new Set<string>();
  for (const word of contentWords(text)) for (const feature of wordFeatures(word)) features.add(feature);
  return [...features];
}
