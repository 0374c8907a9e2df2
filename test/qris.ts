// A dynamic QRIS as the sandbox gateway would issue it for a Rp150.000 bill: the fixture the QRIS
// codec, reader and QR image tests start from (each bends one field of it).
import { type DynamicQrisInput, dynamicQris } from '../src/modules/payments/qris.js';

export const SAMPLE_QRIS_INPUT: DynamicQrisInput = {
  acquirer: { globallyUniqueId: 'ID.CO.BANKDEMO.WWW', merchantPan: '9360000812345678901', merchantId: 'GERBANG0001', criteria: 'UBE' },
  nmid: 'ID1020012345678',
  mcc: '9399',
  merchantName: 'DPMPTSP KOTA MAKASSAR',
  merchantCity: 'MAKASSAR',
  postalCode: '90111',
  amount: 150_000,
  billNumber: 'INV-7K3QX9',
  reference: 'SBX-0001',
};

/** The sample QRIS text, with any of its inputs changed. */
export const sampleQris = (changes: Partial<DynamicQrisInput> = {}) => dynamicQris({ ...SAMPLE_QRIS_INPUT, ...changes });
