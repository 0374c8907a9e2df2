// Documents posted to an item (the API's multipart route and the item's management page): each file
// streams into the platform's quarantine under the list's rules — its real type sniffed from its first
// bytes, its size counted as it arrives — and is handed to the service, which records it with the
// attachment in one transaction. Whatever was received is discarded when anything is refused.
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.js';
import { discardReceivedFiles, FILE_TYPES, type FileStore, type ReceivedFile, receiveFile, type UploadRules } from '../../platform/files/index.js';
import { readMultipartForm } from '../../platform/http/multipart.js';

/** Reports, budgets and decrees: PDF and office files, up to 20 MB each, five at once. */
export const DOCUMENT_RULES: UploadRules = {
  accept: [FILE_TYPES.pdf, FILE_TYPES.docx, FILE_TYPES.xlsx, FILE_TYPES.odt, FILE_TYPES.ods],
  maxBytes: 20 * 1024 * 1024,
  field: '/file',
  fallbackName: 'dokumen',
};
export const MAX_DOCUMENTS = 5;
/** The multipart plugin's limits: its file size just above the rule's, so the rule's error names the file. */
export const MULTIPART_LIMITS = { fileSize: DOCUMENT_RULES.maxBytes + 1, files: MAX_DOCUMENTS, fields: 10, parts: 20 } as const;

/**
 * Reads a multipart body's files into quarantine (text fields are returned). Throws the file's 413/415/400
 * with its field error, or 400 when no file was chosen; nothing is kept then.
 */
export async function receiveDocuments(request: FastifyRequest, store: FileStore, tenantId: string): Promise<{ files: ReceivedFile[]; values: Record<string, string> }> {
  const files: ReceivedFile[] = [];
  try {
    const { values } = await readMultipartForm(request, {
      onFile: async ({ filename, stream }) => {
        const received = await receiveFile(store, tenantId, { stream, filename }, DOCUMENT_RULES);
        if (received) files.push(received);
        return true;
      },
    });
    if (files.length === 0) throw new DomainError('validation', 400, 'error.validation', {}, [{ field: DOCUMENT_RULES.field, code: 'required', messageKey: 'dip.error.document_required' }]);
    return { files, values };
  } catch (error) {
    await discardReceivedFiles(store, files);
    throw error;
  }
}
