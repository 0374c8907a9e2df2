// The waiting-room module as the app registers it: the gate in front of services' application
// journeys (a hook, registered before the other modules' routes), the admin's API and page.
import type { FastifyInstance } from 'fastify';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { registerWaitingRoomGate } from './gate.js';
import { waitingRoomHolder } from './personal-data.js';
import { RoomCache } from './room-cache.js';
import { registerWaitingRoomPages } from './pages.js';
import './policies.js';
import { registerWaitingRoomRoutes } from './routes.js';
import './strings.js';

// What erasure removes of a person's places in queues (docs/identity.md, "Who holds what").
registerPersonalDataHolder('waiting-room', waitingRoomHolder);

const rooms = new WeakMap<FastifyInstance, RoomCache>();
const roomsOf = (app: FastifyInstance) => {
  let cache = rooms.get(app);
  if (!cache) rooms.set(app, (cache = new RoomCache()));
  return cache;
};

export const waitingRoomModule: GerbangModule = {
  name: 'waiting-room',
  hooks(app: FastifyInstance, rt: ModuleRuntime) {
    registerWaitingRoomGate(app, rt, roomsOf(app));
  },
  register(app: FastifyInstance) {
    registerWaitingRoomRoutes(app, roomsOf(app));
    registerWaitingRoomPages(app, roomsOf(app));
  },
};
