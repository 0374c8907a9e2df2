// Payments' part in a citizen's rights (src/platform/personal-data.ts). An invoice and the money booked
// against it are financial records the law requires kept (UU 1/2004 on the state treasury, the regional
// retribution rules; UU 27/2022 lets a controller keep what a legal obligation requires). So erasure
// keeps every invoice with `payer_id` pointing at the emptied account (no name, NIK or contact left
// there): the payer is pseudonymous, the books stay whole. Invoices copy no name or contact, so a
// correction changes nothing here (pages read the profile).
import type { PersonalDataHolder } from '../../../platform/personal-data.js';
import { countInvoicesOfPayer } from './store.js';

export const paymentsHolder: PersonalDataHolder = {
  label: { id: 'Tagihan dan pembayaran', en: 'Invoices and payments' },
  columns: [{ table: 'payment_invoices', column: 'payer_id', onErasure: 'kept' }],
  async erase(ctx, subject) {
    let invoicesKept = 0;
    for (const tenantId of subject.tenantIds) {
      await ctx.inTenant(tenantId, async (trx) => {
        invoicesKept += await countInvoicesOfPayer(trx, tenantId, subject.citizenId);
      });
    }
    return { invoicesKept };
  },
};
