// Whether a service's room is on, per process: the gate asks on every request of an application
// journey, so a service whose room is off costs no query most of the time.
import type { FastifyRequest } from 'fastify';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { getWaitingRoom } from './service.js';

/** How long a process trusts what it read of a room (other processes see a change within this). */
export const ROOM_CACHE_MS = 3000;

/** Whether a service's room is on, per process for ROOM_CACHE_MS (a save in this process shows at once). */
export class RoomCache {
  private readonly entries = new Map<string, { enabled: boolean; at: number }>();
  async enabled(request: FastifyRequest, serviceId: string): Promise<boolean> {
    const key = `${request.tenant!.id}:${serviceId}`;
    const hit = this.entries.get(key);
    const now = performance.now();
    if (hit && now - hit.at < ROOM_CACHE_MS) return hit.enabled;
    const view = await getWaitingRoom(tenantContextOf(request), serviceId);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { enabled: view.settings.enabled, at: now });
    return view.settings.enabled;
  }
  forget(tenantId: string, serviceId: string) {
    this.entries.delete(`${tenantId}:${serviceId}`);
  }
}

