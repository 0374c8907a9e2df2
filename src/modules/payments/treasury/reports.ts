// What the treasury reads from the ledger: sums per agency, channel or business day (received,
// credited, held, refunded — integer rupiah), and the kas daerah export: one CSV line per ledger entry
// with what a regional treasury (BKAD) needs to book a receipt. A treasurer sees their agency's money;
// tenant-wide roles see all (the scope comes from the person's grants: scope.ts).
import { withTenant } from '../../../db/index.js';
import type { TenantContext } from '../../../platform/context.js';
import { parseApiDate } from '../../../platform/dates.js';
import { DomainError, type PendingFieldError } from '../../../platform/errors.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import { listServices } from '../../catalog/index.js';
import { formatRupiah } from '../receipt-pdf.js';
import { listAgencies } from '../../tenancy/index.js';
import { businessDayOf } from './reconcile.js';
import { type AgencyScope, type GroupBy, type LedgerLine, type NoticeNotCredited, type ReportRow, selectHeldOpen, selectLedgerLines, selectNoticesNotCredited, selectReport } from './store.js';
import './strings.js';

export const GROUP_BY: readonly GroupBy[] = ['agency', 'channel', 'day'];
/** A report or export covers at most a year and a day (a leap year's receipts). */
const MAX_DAYS = 366;

export interface DateRange {
  from: string;
  to: string;
}

/**
 * The range asked for, or the current month up to today (WIB) when a bound is missing. Bad dates, a
 * reversed range or one over 366 days are a 400 on the field concerned.
 */
export function resolveRange(ctx: Pick<TenantContext, 'now'>, input: { from?: string | undefined; to?: string | undefined }): DateRange {
  const today = businessDayOf(ctx.now());
  const to = input.to || today;
  const from = input.from || `${to.slice(0, 8)}01`;
  const errors: PendingFieldError[] = [];
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (!parseApiDate(value)) errors.push({ field: `/${field}`, code: 'format', messageKey: 'pay.treasury.error.bad_date' });
  }
  if (errors.length === 0 && (to < from || (Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_DAYS)) {
    errors.push({ field: '/to', code: 'range', messageKey: 'pay.treasury.error.bad_range' });
  }
  if (errors.length > 0) throw new DomainError('payments.treasury.bad_range', 400, errors[0]!.messageKey, {}, errors);
  return { from, to };
}

export interface LabelledRow extends ReportRow {
  label: string;
}

export interface PaymentReport extends DateRange {
  groupBy: GroupBy;
  rows: LabelledRow[];
  totals: Omit<ReportRow, 'key'>;
}

const nameIn = (lang: Lang, name: { id: string; en?: string | null | undefined }) => (lang === 'en' && name.en ? name.en : name.id);

async function agencyNames(ctx: TenantContext): Promise<Map<string, string>> {
  const agencies = await listAgencies(ctx.db, ctx.tenant);
  return new Map(agencies.map((a) => [a.id, nameIn(ctx.lang, { id: a.name, en: a.nameEn })]));
}

export function channelLabel(lang: Lang, channel: string): string {
  return channel === 'va' || channel === 'qris' || channel === 'ewallet' ? t(lang, `pay.treasury.channel.${channel}`) : channel;
}

export async function getPaymentReport(ctx: TenantContext, input: { from?: string | undefined; to?: string | undefined; groupBy?: GroupBy | undefined; scope: AgencyScope }): Promise<PaymentReport> {
  const range = resolveRange(ctx, input);
  const groupBy = input.groupBy ?? 'agency';
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectReport(trx, ctx.tenant.id, { ...range, groupBy, scope: input.scope }));
  const agencies = groupBy === 'agency' ? await agencyNames(ctx) : undefined;
  const label = (key: string) => (agencies ? (agencies.get(key) ?? t(ctx.lang, 'pay.treasury.unknown_agency')) : groupBy === 'channel' ? channelLabel(ctx.lang, key) : key);
  const totals = { payments: 0, received: 0, credited: 0, held: 0, refunded: 0 };
  for (const r of rows) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
  return { ...range, groupBy, rows: rows.map((r) => ({ ...r, label: label(r.key) })), totals };
}

const REASONS = new Set(['amount_mismatch', 'duplicate_payment', 'late_refund']);

/** A held entry's reason code in words; a refund's reason is what the treasurer wrote. */
export function reasonText(lang: Lang, reason: string | null): string {
  if (!reason) return '';
  return REASONS.has(reason) ? t(lang, `pay.treasury.reason.${reason}` as MessageKey) : reason;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma, semicolon or line break. Text that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return that hides
 * one) gets a leading apostrophe — the CSV is opened in Excel at the BKAD. Numbers are written by us
 * as plain integers and go out as they are (a refund's "-150000" is a number, not a formula).
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = ['date', 'paid_at', 'invoice', 'agency', 'service', 'channel', 'gateway_ref', 'amount', 'kind', 'reason'] as const;

/** A time as the treasury shows it: YYYY-MM-DD HH:MM:SS in Western Indonesian Time. */
export const timeInJakarta = (at: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);

/** The kas daerah export: a header row, then one line per ledger entry in booking order, CRLF. */
export async function exportLedgerCsv(ctx: TenantContext, input: { from?: string | undefined; to?: string | undefined; scope: AgencyScope }): Promise<{ range: DateRange; csv: string }> {
  const range = resolveRange(ctx, input);
  const lines = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectLedgerLines(trx, ctx.tenant.id, { ...range, scope: input.scope }));
  const agencies = await agencyNames(ctx);
  const services = new Map((await listServices(ctx)).map((s) => [s.id, nameIn(ctx.lang, s.name)]));
  const lang = ctx.lang;
  const row = (l: LedgerLine) => [
    l.businessDate,
    timeInJakarta(l.paidAt),
    l.invoiceNumber,
    agencies.get(l.agencyId) ?? t(lang, 'pay.treasury.unknown_agency'),
    l.serviceId ? (services.get(l.serviceId) ?? '') : '',
    channelLabel(lang, l.channel),
    l.gatewayRef ?? '',
    l.amount,
    t(lang, `pay.treasury.kind.${l.kind}`),
    reasonText(lang, l.reason),
  ];
  const header = CSV_COLUMNS.map((c) => t(lang, `pay.treasury.csv.${c}`));
  const csv = [header, ...lines.map(row)].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return { range, csv };
}

/** Held money not yet returned (the treasurer's to-do on the treasury page). */
export function listHeldOpen(ctx: TenantContext, scope: AgencyScope): Promise<LedgerLine[]> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => selectHeldOpen(trx, ctx.tenant.id, scope, 100));
}

/** How long a notice may wait for the gateway's confirmation before the treasurer sees it (the job's first retries). */
const NOTICE_WAIT_MS = 15 * 60_000;

/** Gateways' notices that credited nothing: not confirmed, or unconfirmed for over 15 minutes (the treasurer's to-do). */
export function listNoticesNotCredited(ctx: TenantContext, scope: AgencyScope): Promise<NoticeNotCredited[]> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => selectNoticesNotCredited(trx, ctx.tenant.id, scope, new Date(ctx.now().getTime() - NOTICE_WAIT_MS), 100));
}

const NOTICE_REASONS = new Set(['not_listed', 'other_invoice', 'gateway_changed']);

/** Why a notice credited nothing, in words. */
export function noticeReasonText(lang: Lang, notice: Pick<NoticeNotCredited, 'status' | 'reason'>): string {
  if (notice.status === 'received') return t(lang, 'pay.treasury.notice.waiting');
  return t(lang, (NOTICE_REASONS.has(notice.reason ?? '') ? `pay.treasury.notice.${notice.reason}` : 'pay.treasury.notice.not_listed') as MessageKey);
}

/** Integer rupiah as the receipt writes it (Rp150.000), a refund with its sign in front: -Rp150.000. */
export function formatAmount(amount: number): string {
  return amount < 0 ? `-${formatRupiah(-amount)}` : formatRupiah(amount);
}
