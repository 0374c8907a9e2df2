// Intake's JSON API: submitting a report (POST /api/v1/complaints, with Idempotency-Key) and the
// proof-of-work challenge for reporters who are not signed in.
import type { FastifyInstance } from 'fastify';
import { withIdempotency } from '../../../platform/http/idempotency.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import '../policies.js';
import { type AntiSpam, newChallenge, withSubmissionProof } from './antispam.js';
import { SubmitBody, type SubmitBodyT, SubmitResponse, warningMessages } from './contract.js';
import { type IntakeDeps, submitComplaint } from './service.js';

export function registerIntakeRoutes(app: FastifyInstance, deps: { intake: IntakeDeps; antiSpam: AntiSpam }) {
  const tags = ['complaints'];

  app.post<{ Body: SubmitBodyT }>(
    '/api/v1/complaints',
    {
      config: { policy: 'complaints.submit' },
      schema: {
        tags,
        operationId: 'submitComplaint',
        summary: 'Kirim laporan / Submit a report (pengaduan, aspirasi, permintaan informasi)',
        description: 'Accepts `Idempotency-Key`. Photos are sent through the form (multipart) at /pengaduan/baru.',
        body: SubmitBody,
        response: { 201: SubmitResponse },
      },
    },
    async (request, reply) => {
      const ctx = { ...tenantContextOf(request), ...deps.intake };
      const { altcha, ...report } = request.body;
      return withIdempotency(request, reply, {
        scope: `complaints.submit:${ctx.tenant.id}:${ctx.actor.kind === 'citizen' ? ctx.actor.id : 'anon'}`,
        claimed: (idempotency) =>
          withSubmissionProof(deps.antiSpam, request, altcha, 'api', (proof) => submitComplaint(ctx, { ...report, proof: proof.challenge, idempotency })),
        respond: (result) => ({ status: 201, body: { ...result, warnings: warningMessages(request.lang, result.warnings) } }),
      });
    },
  );

  app.get(
    '/api/v1/complaints/challenge',
    {
      config: { policy: 'complaints.challenge' },
      schema: {
        tags,
        operationId: 'getComplaintChallenge',
        summary: 'Tantangan antispam / A proof-of-work challenge for submitting without signing in',
        description:
          'ALTCHA PBKDF2/SHA-256 challenge, signed by the server, expiring after 20 minutes. Solve it (the ALTCHA widget or altcha-lib `solveChallenge`) and send the result as `altcha` with submitComplaint. Each solution is accepted once.',
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return newChallenge(deps.antiSpam);
    },
  );
}
