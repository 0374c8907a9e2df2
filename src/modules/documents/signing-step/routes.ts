// The signing act as a JSON operation (signApplicationDocument): the same service as the signing page.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../../platform/http/openapi.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import type { IssueDeps } from '../service.js';
import { clientAddressOf, signingContext, signingOfficer } from './request.js';
import { signApplicationDocument } from './service.js';

const Params = Type.Object({ id: Type.String({ format: 'uuid', description: 'The application' }) });
const Body = Type.Object(
  {
    code: Type.Optional(
      Type.String({
        maxLength: 32,
        description: 'A current TOTP code (or a recovery code) of the signing officer; may be left out within 15 minutes of signing in with the second factor',
      }),
    ),
  },
  { additionalProperties: false },
);
const Signed = Type.Object({
  number: Type.String({ description: 'The document number printed' }),
  code: Type.String({ description: 'The verification code' }),
  verifyUrl: Type.String({ description: 'The public verification page the QR code opens' }),
  secondFactor: Type.Union([Type.Literal('totp'), Type.Literal('recovery_code'), Type.Literal('fresh_sign_in')]),
  application: Type.Object({ status: Type.String(), outcome: Type.Union([Type.String(), Type.Null()]), version: Type.Integer() }),
});

export function registerSigningRoutes(app: FastifyInstance, rt: ModuleRuntime, deps: IssueDeps) {
  app.post<{ Params: Static<typeof Params>; Body: Static<typeof Body> }>(
    '/api/v1/applications/:id/document/sign',
    {
      config: { policy: 'documents.sign' },
      schema: {
        tags: ['documents'],
        operationId: 'signApplicationDocument',
        summary: 'Tanda tangani dokumen permohonan / Sign the document of an application',
        description:
          'At a workflow step waiting for "signed": the prepared document is drawn, signed with the tenant’s key in the signing officer’s name and issued; the application moves on. Needs the signer role at the step’s agency and a fresh second factor. Audited `documents.signed`.',
        params: Params,
        body: Body,
        response: {
          200: Signed,
          400: problem('Kode autentikator salah atau sudah dipakai / The authenticator code is wrong or already used'),
          401: problem('Belum masuk / Not signed in'),
          403: problem('Bukan penandatangan instansi ini, atau faktor kedua diperlukan / Not a signer of this agency, or a fresh second factor is needed'),
          404: problem('Tidak ada permohonan ini di instansi Anda / No such application of your agencies'),
          409: problem('Tidak menunggu tanda tangan, atau sudah ditandatangani / Not waiting for a signature, or already signed'),
          429: problem('Terlalu banyak kode salah / Too many wrong codes'),
        },
      },
    },
    async (request) => {
      const officer = signingOfficer(request);
      const input = { officer, sessionId: officer.sessionId, address: clientAddressOf(request), applicationId: request.params.id };
      return signApplicationDocument(signingContext(request, rt), deps, { ...input, ...(request.body?.code !== undefined ? { code: request.body.code } : {}) });
    },
  );
}
