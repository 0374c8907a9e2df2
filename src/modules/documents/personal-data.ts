// Documents' part in carrying out a citizen's rights (src/platform/personal-data.ts). An issued
// document is the record of a government act (the archives law keeps it, as applications keep the
// application it came from): erasure keeps each document and its signed PDF, but the holder's name
// in the table — what the verification page shows masked — is replaced, so the page names no one.
// The person's share links go (they opened the document to others at the person's wish).
// A correction changes nothing issued: a signed document shows what was issued.
import type { PersonalDataHolder } from '../../platform/personal-data.js';
import { deleteShareLinksOfHolder, eraseHolderName } from './store.js';

export const documentsHolder: PersonalDataHolder = {
  label: { id: 'Dokumen terbit', en: 'Issued documents' },
  columns: [
    { table: 'documents', column: 'holder_citizen_id', onErasure: 'kept' },
    { table: 'document_share_links', column: 'holder_citizen_id', onErasure: 'deleted' },
  ],
  async erase(ctx, subject) {
    let documents = 0;
    let shareLinks = 0;
    for (const tenantId of subject.tenantIds) {
      documents += await ctx.inTenant(tenantId, (trx) => eraseHolderName(trx, tenantId, subject.citizenId, '—'));
      shareLinks += await ctx.inTenant(tenantId, (trx) => deleteShareLinksOfHolder(trx, tenantId, subject.citizenId));
    }
    return { documents, shareLinks };
  },
};
