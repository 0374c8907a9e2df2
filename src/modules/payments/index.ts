// Payments (issue 19, DOMAIN.md §6): service fees paid without cash — invoices (tagihan) issued by a
// workflow's payment step, paid by virtual account, dynamic QRIS or e-wallet through a gateway adapter
// (sandbox or BI-SNAP), credited only on an authenticated notification the gateway confirms, once
// (stored in an inbox, then booked by a job: decision 0082); receipts, the ledger, daily reconciliation
// and the kas daerah export. Owns the payment_* tables (migrations 0060, 0082). Design: docs/payments.md.
export { CHANNELS, type PaymentChannel, type PaymentGateway } from './gateway.js';
export { crc16, dynamicQris, encodeQris, parseQris, type ParsedQris, type QrisError, type TlvField } from './qris.js';
export { paymentJobHandlers } from './invoices/jobs.js';
export { EXPIRE_JOB as EXPIRE_INVOICES_JOB } from './invoices/service.js';
export { PROCESS_NOTICE_JOB } from './notifications/service.js';
export { paymentsModule } from './module.js';
export { gatewayOfRuntime as treasuryGatewayOf } from './treasury/gateway-of.js';
/** The ledger's credits in booking order, for the public dashboard's payments collected (transparency). */
export { type CreditFeedRow, selectCreditsBookedAfter as listCreditsBookedAfter } from './treasury/store.js';
export { RECONCILE_JOB, RECONCILE_SWEEP_JOB, scheduleDailyReconciliation, treasuryJobHandlers } from './treasury/jobs.js';
