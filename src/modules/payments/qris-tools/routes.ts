// POST /api/v1/payments/qris/parse (parseQris): "is this QRIS valid, and what does it say?" for an
// officer's tool or an agency's system. An invalid QRIS is a 200 with its errors — that is the answer
// asked for; only a body that is not a QRIS text at all (not a string, over 512 characters) is a 400.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { contextOf } from '../../../platform/http/request-context.js';
import { QRIS_MAX_LENGTH } from '../qris.js';
import { readQris, refuseNonTextPayload } from './service.js';

const SubField = Type.Object({
  tag: Type.String({ description: 'EMVCo tag of the sub-field with its template\'s: "62.01"' }),
  name: Type.String({ description: "The field's name in the request's language" }),
  value: Type.String(),
});
// Templates (26–51, 62, 64) nest one level: their sub-fields hold no templates.
const Field = Type.Object({
  tag: Type.String({ description: 'EMVCo tag, "00"–"99"' }),
  name: Type.String({ description: "The field's name in the request's language" }),
  value: Type.String({ description: 'The raw value (a template: its encoded sub-fields)' }),
  children: Type.Optional(Type.Array(SubField)),
});

const ParseBody = Type.Object({ payload: Type.String({ maxLength: QRIS_MAX_LENGTH, description: 'The QRIS text, as a scanner reads it from the QR code' }) }, { additionalProperties: false });

const Reading = Type.Object({
  fields: Type.Array(Field),
  pointOfInitiation: Type.Union([Type.Literal('static'), Type.Literal('dynamic'), Type.Null()]),
  amount: Type.Union([Type.Integer({ description: 'Integer rupiah' }), Type.Null()]),
  merchantName: Type.Union([Type.String(), Type.Null()]),
  merchantCity: Type.Union([Type.String(), Type.Null()]),
  nmid: Type.Union([Type.String(), Type.Null()]),
  billNumber: Type.Union([Type.String(), Type.Null()]),
  crcValid: Type.Boolean(),
  errors: Type.Array(
    Type.Object({
      code: Type.String({ description: 'Stable code, e.g. crc_mismatch, field_too_long, no_qris_template' }),
      tag: Type.Union([Type.String(), Type.Null()], { description: 'The field concerned ("54", "62.01")' }),
      message: Type.String({ description: "In the request's language, naming the field" }),
    }),
  ),
});

export function registerQrisRoutes(app: FastifyInstance): void {
  app.post<{ Body: { payload: string } }>(
    '/api/v1/payments/qris/parse',
    {
      config: { policy: 'payments.qris' },
      // Before validation: the app's Ajv coerces 42 or null into a string, and a number is no QRIS text.
      preValidation: async (request) => refuseNonTextPayload(request.body),
      schema: {
        operationId: 'parseQris',
        tags: ['payments'],
        summary: 'Baca dan periksa QRIS / Read and check a QRIS',
        description:
          'Reads a QRIS (EMVCo merchant-presented) text: every field named in the request’s language, the point of initiation, amount, merchant, NMID, bill number, whether the CRC is valid, and every error with the field it concerns. An invalid QRIS is a 200 whose `errors` say why; it is valid when `errors` is empty. Nothing is stored.',
        body: ParseBody,
        response: { 200: Reading },
      },
    },
    async (request) => readQris(contextOf(request), request.body),
  );
}
