// The submission bench's form (bench/application-submissions.ts), also the statement count's
// (src/modules/applications/intake/submission-statements.test.ts): apart from test/applications.ts,
// whose helpers need vitest, so that the bench can import it.
import { formFromRequirements, type FormDefinition } from '../src/modules/applications/index.js';

/**
 * A form of a few fields and no files, every requirement of the standard mapped to the declaration:
 * the submission bench's (bench/application-submissions.ts) and the statement count's.
 */
export function smallForm(requirements: string[]): FormDefinition {
  const L = (id: string, en: string) => ({ id, en });
  const generated = formFromRequirements(requirements.map((id) => ({ id })));
  return {
    groups: [
      {
        id: 'pemohon',
        title: L('Data pemohon', 'Applicant'),
        fields: [
          { id: 'nama', type: 'text', label: L('Nama lengkap', 'Full name'), required: true },
          { id: 'telepon', type: 'phone', label: L('Nomor ponsel', 'Mobile number'), required: true },
          { id: 'alamat', type: 'long_text', label: L('Alamat', 'Address'), required: true },
          { id: 'declaration', type: 'checkbox', label: L('Data saya benar.', 'My data is true.'), required: true },
        ],
      },
    ],
    requirements: (generated.requirements ?? []).map((r) => ({ requirement: r.requirement, fields: ['declaration'] })),
  };
}
