// Small facts about money every part of payments agrees on: the day a payment counts for, and how an
// amount is written for people.
import type { Lang } from '../../../platform/i18n/index.js';

const JAKARTA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Asia/Jakarta day (YYYY-MM-DD) a payment counts for: the ledger's business date, the settlement report's day. */
export function businessDay(at: Date): string {
  return JAKARTA_DAY.format(at);
}

/** "Rp150.000" (Bahasa Indonesia) / "IDR 150,000" (English). */
export function formatRupiah(lang: Lang, amount: number): string {
  return lang === 'en' ? `IDR ${amount.toLocaleString('en-US')}` : `Rp${amount.toLocaleString('id-ID')}`;
}
