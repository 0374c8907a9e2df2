// The actions endpoint's body and the report page's forms as typed officer actions: each verb's fields,
// and a missing or unknown value as a 400 on its field (before any database work).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors.js';
import { actingOfficer, decodeAttachments, reporterRef, toOfficerAction, toReporterAction } from './actions.js';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.fieldErrors.map((e) => `${e.field}:${e.code}`);
    throw error;
  }
  throw new Error('no error');
}

describe('toOfficerAction', () => {
  it('maps each verb to its variant with only its fields', () => {
    expect(toOfficerAction({ action: 'verify', tier: 'dispute', categoryCode: 'jalan', text: 'ignored' })).toEqual({ action: 'verify', tier: 'dispute', categoryCode: 'jalan', reason: undefined });
    expect(toOfficerAction({ action: 'reject', ground: 'duplicate' })).toEqual({ action: 'reject', ground: 'duplicate', reason: '' });
    expect(toOfficerAction({ action: 'dispatch', agencyId: 'dinsos', reason: 'Bansos' })).toEqual({ action: 'dispatch', agencyId: 'dinsos', reason: 'Bansos' });
    expect(toOfficerAction({ action: 'transfer', tenantSlug: 'jateng' })).toEqual({ action: 'transfer', tenantSlug: 'jateng', reason: '' });
    expect(toOfficerAction({ action: 'close', outcome: 'resolved', reason: 'Selesai' })).toEqual({ action: 'close', outcome: 'resolved', reason: 'Selesai' });
    expect(toOfficerAction({ action: 'merge', into: 'ADU-AAAA-AAAA' })).toEqual({ action: 'merge', into: 'ADU-AAAA-AAAA', reason: undefined });
    expect(toOfficerAction({ action: 'answer', text: 'Sudah.', templateId: '' })).toEqual({ action: 'answer', text: 'Sudah.', templateId: undefined, attachments: [] });
    expect(toOfficerAction({ action: 'note', text: 'Cek lapangan' })).toEqual({ action: 'note', text: 'Cek lapangan' });
    expect(toOfficerAction({ action: 'hide', reason: 'Data pribadi' })).toEqual({ action: 'hide', reason: 'Data pribadi' });
    expect(toOfficerAction({ action: 'start' })).toEqual({ action: 'start', reason: undefined });
    expect(toOfficerAction({ action: 'unhide', reason: 'Sudah disamarkan' })).toEqual({ action: 'unhide', reason: 'Sudah disamarkan' });
  });

  it('refuses a missing or unknown value on its field', () => {
    expect(fieldsOf(() => toOfficerAction({ action: 'verify' }))).toEqual(['/tier:required']);
    expect(fieldsOf(() => toOfficerAction({ action: 'verify', tier: 'huge' }))).toEqual(['/tier:enum']);
    expect(fieldsOf(() => toOfficerAction({ action: 'reject', ground: 'boring' }))).toEqual(['/ground:enum']);
    expect(fieldsOf(() => toOfficerAction({ action: 'dispatch', agencyId: '' }))).toEqual(['/agencyId:required']);
    expect(fieldsOf(() => toOfficerAction({ action: 'close' }))).toEqual(['/outcome:required']);
    expect(fieldsOf(() => toOfficerAction({ action: 'merge' }))).toEqual(['/into:required']);
    expect(fieldsOf(() => toOfficerAction({ action: 'confirm' }))).toEqual(['/action:enum']);
    expect(fieldsOf(() => toOfficerAction({}))).toEqual(['/action:enum']);
  });
});

describe('the reporter and who acts', () => {
  it('confirm needs a rating and whether it was resolved; reopen a reason (checked by the service)', () => {
    expect(toReporterAction({ action: 'confirm', rating: 4, resolved: true })).toEqual({ action: 'confirm', rating: 4, comment: undefined, resolved: true });
    expect(toReporterAction({ action: 'reopen' })).toEqual({ action: 'reopen', reason: '' });
    expect(fieldsOf(() => toReporterAction({ action: 'confirm', resolved: true }))).toEqual(['/rating:required']);
    expect(fieldsOf(() => toReporterAction({ action: 'confirm', rating: 3 }))).toEqual(['/resolved:required']);
  });

  it('the secret code, else the signed-in citizen; an officer action needs a complaint role', () => {
    expect(reporterRef({ kind: 'anonymous' }, 'ABCDE')).toEqual({ secretCode: 'ABCDE' });
    expect(reporterRef({ kind: 'citizen', id: 'c1' } as never, undefined)).toEqual({ citizenId: 'c1' });
    expect(() => reporterRef({ kind: 'anonymous' }, undefined)).toThrow(expect.objectContaining({ code: 'auth.required', status: 401 }));
    expect(() => actingOfficer({ kind: 'anonymous' })).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => actingOfficer({ kind: 'citizen', id: 'c1' } as never)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('attachments: plain base64 only', () => {
    expect(decodeAttachments([{ filename: 'a.pdf', contentBase64: 'JVBE\nRi0x' }])).toEqual([{ name: 'a.pdf', data: Buffer.from('%PDF-1') }]);
    expect(fieldsOf(() => decodeAttachments([{ filename: 'a.pdf', contentBase64: 'JVBE$Ri0x' }]))).toEqual(['/attachments:attachment_invalid']);
  });
});
