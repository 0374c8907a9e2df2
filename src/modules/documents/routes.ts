// The documents JSON API: verification by code (GET) and by file (POST the PDF, compared by SHA-256),
// revocation by an officer, the citizen's own list. Thin: parse, authorise (the route's policy), one
// service call.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { readFromReplica, tenantContextOf } from '../../platform/http/request-context.js';
import { problem } from '../../platform/http/openapi.js';
import { DOCUMENT_KINDS } from '../catalog/index.js';
import { checkDocumentFile, listMyDocuments, revokeDocument, verifyDocument } from './service.js';

const tags = ['documents'];
/** A signed one-page document is tens of kilobytes; ten megabytes leaves room for any we issue. */
export const PDF_BODY_LIMIT = 10 * 1024 * 1024;

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, description: 'The verification code the QR code carries (26 characters a–z, 2–7)' }) });

const Verification = Type.Object({
  code: Type.String(),
  number: Type.String(),
  type: Type.Union(DOCUMENT_KINDS.map((k) => Type.Literal(k))),
  title: Type.String(),
  holder: Type.String({ description: 'The holder’s name, masked (first letters only)' }),
  issuer: Type.Object({ tenant: Type.String(), agency: Type.String() }),
  signer: Type.Object({ name: Type.String(), position: Type.String() }),
  issuedAt: Type.String({ format: 'date-time' }),
  validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('expired')]),
  revoked: Type.Union([Type.Object({ at: Type.String({ format: 'date-time' }), reason: Type.String() }), Type.Null()]),
  sha256: Type.String({ description: 'SHA-256 of the signed PDF as issued, hex' }),
});

const FileCheck = Type.Intersect([Verification, Type.Object({ matches: Type.Boolean({ description: 'The PDF sent is byte for byte the one issued' }) })]);

const MyDocument = Type.Intersect([
  Verification,
  Type.Object({ id: Type.String({ format: 'uuid' }), holderName: Type.String(), verifyPath: Type.String(), downloadPath: Type.String() }),
]);

const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

const notFound = { 404: problem('Tidak ada dokumen dengan kode ini di pemerintah ini / No document of this government has this code') };
const badCode = { 400: problem('Kode tidak sah, atau berkas bukan PDF / Not a verification code, or the file is not a PDF') };

export function registerDocumentRoutes(app: FastifyInstance) {
  app.get<{ Params: Static<typeof CodeParams> }>(
    '/api/v1/documents/verify/:code',
    {
      config: { policy: 'documents.verify' },
      schema: {
        tags,
        operationId: 'verifyDocument',
        summary: 'Periksa dokumen dengan kodenya / Verify a document by its code',
        description: 'Status valid, revoked (with reason and date) or expired. Another tenant’s code, an unknown or a malformed one is never valid.',
        params: CodeParams,
        response: { 200: Verification, ...badCode, ...notFound },
      },
    },
    // A revocation shows here within the read replica's staleness bound (DATABASE_READ_MAX_LAG).
    async (request) => readFromReplica(request, tenantContextOf(request), (ctx) => verifyDocument(ctx, { code: request.params.code })),
  );

  // The PDF is the raw body (Content-Type application/pdf): other systems post the file they hold.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: PDF_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post<{ Params: Static<typeof CodeParams>; Body: Buffer }>(
      '/api/v1/documents/verify/:code',
      {
        bodyLimit: PDF_BODY_LIMIT,
        config: { policy: 'documents.verify' },
        schema: {
          tags,
          operationId: 'verifyDocumentFile',
          summary: 'Bandingkan berkas PDF dengan dokumen yang diterbitkan / Compare a PDF with the document issued',
          description: 'The body is the PDF (application/pdf). `matches` is true only when its SHA-256 is the issued file’s; the status is the document’s own.',
          params: CodeParams,
          consumes: ['application/pdf'],
          response: { 200: FileCheck, ...badCode, ...notFound },
        },
      },
      async (request) => checkDocumentFile(tenantContextOf(request), { code: request.params.code, pdf: request.body }),
    );
  });

  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof RevokeBody> }>(
    '/api/v1/documents/:code/revoke',
    {
      config: { policy: 'documents.revoke' },
      schema: {
        tags,
        operationId: 'revokeDocument',
        summary: 'Cabut dokumen / Revoke a document',
        description: 'With a reason the verification page shows; effective at once. Audited.',
        params: CodeParams,
        body: RevokeBody,
        response: { 200: Verification, ...badCode, ...notFound, 409: problem('Sudah dicabut / Already revoked') },
      },
    },
    async (request) => revokeDocument(tenantContextOf(request), { code: request.params.code, reason: request.body.reason }),
  );

  app.get(
    '/api/v1/me/documents',
    {
      config: { policy: 'documents.mine' },
      schema: {
        tags,
        operationId: 'listMyDocuments',
        summary: 'Dokumen saya / The documents issued to me',
        response: { 200: Type.Object({ items: Type.Array(MyDocument) }) },
      },
    },
    async (request) => ({ items: await listMyDocuments(tenantContextOf(request)) }),
  );
}
