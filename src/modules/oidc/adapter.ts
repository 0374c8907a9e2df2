// oidc-provider's storage on PostgreSQL (its "adapter" interface): every model but Client is a row of
// oidc_payloads; Client is read from the clients tenant admins registered (clients.ts). Expiry is
// judged by the app's clock (rt.now), so a test that moves the clock sees codes and tokens expire;
// the sweep job deletes what has expired.
import type { Db } from '../../db/index.js';
import {
  deletePayload,
  deletePayloadsOfGrant,
  selectPayload,
  selectPayloadByUid,
  upsertPayload,
  updatePayloadConsumed,
} from './store.js';

type Payload = Record<string, unknown>;

export interface AdapterDeps {
  db: Db;
  now: () => Date;
  /** The metadata of an active client application, or undefined (unknown, disabled). */
  clientMetadata: (clientId: string) => Promise<Payload | undefined>;
}

/** Models whose rows belong to a grant (destroyed with it when a consent is withdrawn). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'Grant']);

export function createAdapter(deps: AdapterDeps) {
  return class PostgresAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') throw new Error('clients are registered by tenant admins, not by the provider');
      const grantId = this.model === 'Grant' ? id : GRANTABLE.has(this.model) && typeof payload.grantId === 'string' ? payload.grantId : null;
      await upsertPayload(deps.db, {
        model: this.model,
        id,
        payload,
        grantId,
        uid: this.model === 'Session' && typeof payload.uid === 'string' ? payload.uid : null,
        accountId: typeof payload.accountId === 'string' ? payload.accountId : null,
        expiresAt: typeof expiresIn === 'number' ? new Date(deps.now().getTime() + expiresIn * 1000) : null,
      });
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return deps.clientMetadata(id);
      return this.live(await selectPayload(deps.db, this.model, id));
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      return this.live(await selectPayloadByUid(deps.db, this.model, uid));
    }

    async findByUserCode(): Promise<undefined> {
      return undefined; // the device flow is not enabled
    }

    async consume(id: string): Promise<void> {
      await updatePayloadConsumed(deps.db, this.model, id, deps.now());
    }

    async destroy(id: string): Promise<void> {
      await deletePayload(deps.db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await deletePayloadsOfGrant(deps.db, grantId);
    }

    private live(row: { payload: Payload; expiresAt: Date | null; consumedAt: Date | null } | undefined): Payload | undefined {
      if (!row) return undefined;
      if (row.expiresAt && row.expiresAt.getTime() <= deps.now().getTime()) return undefined;
      return row.consumedAt ? { ...row.payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : row.payload;
    }
  };
}
