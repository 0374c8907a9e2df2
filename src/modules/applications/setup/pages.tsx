// The agency admin's pages for a service's form and workflow (issue 18, "Admins"): see docs/applications.md.
import type { FastifyInstance } from 'fastify';
import type { ModuleRuntime } from '../../../platform/module.js';

export function registerSetupPages(_app: FastifyInstance, _rt: ModuleRuntime) {}
