// The payments module as the app registers it. Each part registers its own routes and pages from its
// folder (one line each below), its words from its own strings file.
import type { FastifyInstance } from 'fastify';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerPaymentsCore } from './invoices/register.js';
import './policies.js';
import { registerQrisTools } from './qris-tools/register.js';
import { registerPaymentSettings } from './settings-admin/register.js';
import { registerTreasury } from './treasury/register.js';

export const paymentsModule: GerbangModule = {
  name: 'payments',
  async register(app: FastifyInstance, rt: ModuleRuntime) {
    // Parts register here: invoices and notifications, QRIS reading, the treasury.
    await registerPaymentsCore(app, rt);
    registerQrisTools(app);
    await registerPaymentSettings(app, rt);
    registerTreasury(app, rt);
  },
};
