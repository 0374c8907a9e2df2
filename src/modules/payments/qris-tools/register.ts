// The QRIS reader's part of the payments module: the parseQris API, the officer page and its entry
// on the officer's home page.
import type { FastifyInstance } from 'fastify';
import { registerNavigation } from '../../../web/navigation.js';
import { registerQrisPages } from './pages.js';
import { registerQrisRoutes } from './routes.js';
import './strings.js';

export function registerQrisTools(app: FastifyInstance): void {
  registerQrisRoutes(app);
  registerQrisPages(app);
  registerNavigation(app, [{ place: 'officer-home', label: 'pay.qris.title', hint: 'pay.qris.nav_hint', path: '/petugas/qris', policy: 'payments.qris', order: 60 }]);
}
