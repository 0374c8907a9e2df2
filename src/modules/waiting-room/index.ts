// Waiting rooms for announced rushes (issue 23: PPDB, bansos registration). Owns each service's room
// (on/off and its size, sized to the slowest dependency behind the service) and the tickets of the
// citizens held at its door. A hook holds citizens beyond the room's size in front of the service's
// application journey (applications' routes) in a fair FIFO kept in PostgreSQL, so every process
// behind a proxy shares one queue; officers and other services pass untouched. Design and operation:
// docs/waiting-room.md. Promises the other modules nothing but its module: they need not know it.
export { admissionSize, type AdmissionSize, DEFAULT_SETTINGS, type RoomSettings } from './service.js';
export { waitingRoomModule } from './module.js';
