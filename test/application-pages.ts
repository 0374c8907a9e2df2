// A service form for the applications pages' tests (HTTP and browser): a group with a question that an
// answer brings, a repeating group, an upload and a closing declaration that every requirement of the
// standard maps to.
import type { FormDefinition } from '../src/modules/applications/index.js';

const L = (id: string, en = id) => ({ id, en });
export const testForm = (requirements: string[]): FormDefinition => ({
  groups: [
    {
      id: 'pemohon',
      title: L('Data pemohon', 'Applicant'),
      fields: [
        { id: 'nama', type: 'text', label: L('Nama lengkap', 'Full name'), required: true },
        { id: 'nik', type: 'nik', label: L('NIK'), required: true },
        { id: 'telepon', type: 'phone', label: L('Nomor ponsel', 'Mobile number'), required: true },
        { id: 'punya_usaha', type: 'select', label: L('Punya usaha?', 'Own a business?'), required: true, options: [{ value: 'ya', label: L('Ya', 'Yes') }, { value: 'tidak', label: L('Tidak', 'No') }] },
        { id: 'nama_usaha', type: 'text', label: L('Nama usaha', 'Business name'), required: true, visibleIf: { field: 'punya_usaha', op: 'equals', value: 'ya' } },
      ],
    },
    {
      id: 'anggota',
      title: L('Anggota keluarga', 'Family members'),
      repeatable: { min: 1, max: 3, itemLabel: L('Anggota', 'Member') },
      fields: [
        { id: 'nama_anggota', type: 'text', label: L('Nama anggota', 'Member name'), required: true },
        { id: 'lahir', type: 'date', label: L('Tanggal lahir', 'Birth date'), required: false },
      ],
    },
    {
      id: 'penutup',
      title: L('Pernyataan', 'Declaration'),
      fields: [
        { id: 'akta_lama', type: 'file', label: L('Akta lama', 'Old certificate'), required: false, accept: ['application/pdf'], maxFiles: 1 },
        { id: 'declaration', type: 'checkbox', label: L('Data saya benar.', 'My data is true.'), required: true },
      ],
    },
  ],
  requirements: requirements.map((r) => ({ requirement: r, fields: ['declaration'] })),
});
