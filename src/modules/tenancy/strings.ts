// The tenancy module's words, Bahasa Indonesia and English: the kinds of government and the tenant's
// area. Registered when the module loads; files that use them import './strings.js'.
import { registerMessages } from '../../platform/i18n/index.js';

const id = {
  'tenant.kind.province': 'Provinsi',
  'tenant.kind.regency': 'Kabupaten',
  'tenant.kind.city': 'Kota',
  'tenant.kind.ministry': 'Kementerian/Lembaga',
  'tenant.area.invalid': 'Wilayah harus berupa GeoJSON Polygon atau MultiPolygon (koordinat [bujur, lintang]).',
  // The tenant administrator's page of the tenant's own area (/petugas/wilayah)
  'tenant.area.title': 'Wilayah pemerintah daerah',
  'tenant.area.nav_hint': 'Batas wilayah yang dipakai peta formulir pengaduan.',
  'tenant.area.intro':
    'Peta di formulir pengaduan dibuka pada wilayah ini. Titik lokasi di luar wilayah ini harus dikonfirmasi pelapor sebelum laporan dikirim, lalu ditandai untuk koordinator.',
  'tenant.area.none': 'Belum ada wilayah. Peta formulir pengaduan dibuka pada wilayah layanan instansi, atau pada seluruh Indonesia.',
  'tenant.area.current': 'Wilayah saat ini: {polygons} poligon, {vertices} titik sudut.',
  'tenant.area.field': 'Batas wilayah',
  'tenant.area.hint': 'Gambar batasnya di peta, atau tempel GeoJSON di sini (mis. dari geojson.io): Polygon, MultiPolygon, Feature atau FeatureCollection, dengan koordinat [bujur, lintang].',
  'tenant.area.map.label': 'Peta wilayah pemerintah daerah',
  'tenant.area.map.help': 'Tombol di kiri peta: gambar poligon atau persegi, ubah titik sudut, geser, potong dan hapus. Yang digambar langsung ditulis ke kotak GeoJSON di atas.',
  'tenant.area.map.count': 'Poligon di peta: {n}',
  'tenant.area.button': 'Simpan wilayah',
  'tenant.area.saved': 'Wilayah disimpan.',
  'tenant.area.json': 'Isi kotak ini bukan JSON yang sah. Periksa tanda kurung, koma dan tanda kutipnya, atau salin ulang dari geojson.io.',
  'tenant.parent.not_province': '{parent} bukan pemerintah provinsi: hanya provinsi yang menaungi kabupaten dan kota.',
  'tenant.parent.not_local': '{child} bukan kabupaten atau kota: hanya kabupaten dan kota yang dinaungi provinsi.',
  'tenant.parent.outside': 'Wilayah {child} tidak berada di {parent}.',
  'tenant.choose.search': 'Cari nama wilayah',
  'tenant.choose.search_hint': 'Misalnya Makassar, Sulawesi Selatan atau Jawa Tengah',
  'tenant.choose.search_button': 'Cari',
  'tenant.choose.none': 'Tidak ada pemerintah daerah yang cocok dengan «{q}».',
  'tenant.choose.all': 'Tampilkan semua',
  'tenant.choose.yours': 'Pemerintah daerah tempat tinggal Anda',
  'tenant.choose.yours_mark': '(wilayah Anda)',
  'tenant.choose.others': 'Pemerintah lainnya',
  'tenant.choose.regencies': 'Kabupaten dan kota di provinsi ini',
  'tenant.home.province': 'Bagian dari {province}',
  'tenant.home.regencies': 'Kabupaten dan kota di {province} yang juga melayani di Gerbang',
  'tenant.home.choose': 'Pilih pemerintah daerah lain',
} as const;

const en: Record<keyof typeof id, string> = {
  'tenant.kind.province': 'Province',
  'tenant.kind.regency': 'Regency',
  'tenant.kind.city': 'City',
  'tenant.kind.ministry': 'Ministry/Agency',
  'tenant.area.invalid': 'The area must be a GeoJSON Polygon or MultiPolygon ([longitude, latitude] coordinates).',
  'tenant.area.title': "The government's area",
  'tenant.area.nav_hint': 'The boundary the complaint form’s map uses.',
  'tenant.area.intro':
    'The complaint form’s map opens on this area. A location outside it must be confirmed by the reporter before the report is sent, and is marked for the coordinator.',
  'tenant.area.none': 'No area yet. The complaint form’s map opens on the agencies’ service areas, or on all of Indonesia.',
  'tenant.area.current': 'Current area: {polygons} polygons, {vertices} corner points.',
  'tenant.area.field': 'Boundary of the area',
  'tenant.area.hint': 'Draw the boundary on the map, or paste GeoJSON here (e.g. from geojson.io): a Polygon, MultiPolygon, Feature or FeatureCollection, with [longitude, latitude] coordinates.',
  'tenant.area.map.label': "Map of the government's area",
  'tenant.area.map.help': 'Buttons on the left of the map: draw a polygon or rectangle, edit corners, move, cut and delete. What you draw is written into the GeoJSON box above at once.',
  'tenant.area.map.count': 'Polygons on the map: {n}',
  'tenant.area.button': 'Save the area',
  'tenant.area.saved': 'Area saved.',
  'tenant.area.json': 'This box does not hold valid JSON. Check its brackets, commas and quotes, or copy it again from geojson.io.',
  'tenant.parent.not_province': '{parent} is not a provincial government: only provinces take in regencies and cities.',
  'tenant.parent.not_local': '{child} is not a regency or city: only regencies and cities belong to a province.',
  'tenant.parent.outside': '{child} does not lie in {parent}.',
  'tenant.choose.search': 'Search by region name',
  'tenant.choose.search_hint': 'For example Makassar, South Sulawesi or Central Java',
  'tenant.choose.search_button': 'Search',
  'tenant.choose.none': 'No government matches “{q}”.',
  'tenant.choose.all': 'Show all',
  'tenant.choose.yours': 'The government where you live',
  'tenant.choose.yours_mark': '(your region)',
  'tenant.choose.others': 'Other governments',
  'tenant.choose.regencies': 'Regencies and cities of this province',
  'tenant.home.province': 'Part of {province}',
  'tenant.home.regencies': 'Regencies and cities of {province} also serving on Gerbang',
  'tenant.home.choose': 'Choose another government',
};

registerMessages({ id, en });

type TenancyWords = Record<keyof typeof id, string>;
declare module '../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends TenancyWords {}
}
