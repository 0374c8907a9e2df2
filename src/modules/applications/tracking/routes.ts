// Public tracking: POST (the birth date never goes into a URL or a log), rate limited as every public
// write, and throttled per tracking number and address by the service.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ModuleRuntime } from '../../../platform/module.js';
import { applicationContext } from '../context.js';
import { invalid, Problem, tags, Tracked } from '../schemas.js';
import { trackApplication } from './service.js';

const TrackBody = Type.Object(
  {
    trackingNumber: Type.String({ minLength: 1, maxLength: 40, description: 'PMH-XXXX-XXXX (case, spaces and dashes do not matter)' }),
    birthDate: Type.String({ format: 'date', description: 'The applicant’s birth date, YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

export function registerTrackingRoutes(app: FastifyInstance, rt: ModuleRuntime) {
  app.post<{ Body: Static<typeof TrackBody> }>(
    '/api/v1/applications/track',
    {
      config: { policy: 'applications.track' },
      schema: {
        tags,
        operationId: 'trackApplication',
        summary: 'Lacak permohonan / Track an application with its number and the applicant’s birth date',
        description: 'No personal data in the answer. An unknown number and a wrong date get the same 404; repeated failures are refused for a while (429 with Retry-After).',
        body: TrackBody,
        response: {
          200: Tracked,
          ...invalid,
          404: Problem('No application with this number and birth date'),
          429: Problem('Too many failed attempts: wait Retry-After seconds'),
        },
      },
    },
    async (request) => trackApplication(applicationContext(request, rt), { ...request.body, address: request.ip || 'unknown' }),
  );
}
