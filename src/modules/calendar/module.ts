// The calendar module as the app registers it.
import type { GerbangModule } from '../../platform/module.js';
import { registerCalendarRoutes } from './routes.js';

export const calendarModule: GerbangModule = {
  name: 'calendar',
  register(app) {
    registerCalendarRoutes(app);
  },
};
