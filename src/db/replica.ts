// Reads from a streaming replica (DATABASE_READ_URL), within a bound on staleness, else from the
// primary. Only what tolerates that staleness opts in (public lists, maps, the catalogue, open data —
// routes call `readFromReplica` in platform/http/request-context.ts); everything else, and every read
// that must see its own writes (the page after a form, payment callbacks, Idempotency-Key look-ups),
// keeps using the primary pool it always had.
//
// How stale the replica is, without writing anything: at most once a second the router reads the
// primary's WAL position (`pg_current_wal_lsn()`) and the replica's replayed position
// (`pg_last_wal_replay_lsn()`), and keeps the primary's recent positions with the time each was read.
// When the replica has replayed past a position read at time t, it holds every transaction committed
// before t, so it is at most `now − t` behind. An idle primary's position does not move, so an idle
// pair stays fresh — unlike `now() − pg_last_xact_replay_timestamp()`, which grows while nothing
// happens. The replica serves a read only while `now − t` is within DATABASE_READ_MAX_LAG.
import { type Kysely, sql } from 'kysely';
import client from 'prom-client';
import { isDatabaseUnavailable } from './outage.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Why a read went to the primary instead of the replica. */
export type FallbackReason = 'lag' | 'unavailable' | 'not_standby';

export interface ReplicaState {
  /** Where replica-tolerant reads go now. */
  target: 'replica' | 'primary';
  /** Seconds the replica is at most behind (undefined: not known — unreachable, or not proven yet). */
  lagSeconds?: number;
  reason?: FallbackReason;
}

export interface ReadRouterOptions {
  primary: Db;
  replica: Db;
  maxLagMs: number;
  /** The app's clock. */
  now: () => Date;
  /** How long a lag check is trusted (default 1 s). */
  checkEveryMs?: number;
  /** One line when reads move to the primary and one when they come back. */
  log?: (line: string) => void;
}

// Registered once per process, whichever copy of this module loads first (the test runner may load two).
const reads =
  (client.register.getSingleMetric('gerbang_db_replica_reads_total') as client.Counter<'target' | 'reason'> | undefined) ??
  new client.Counter({
    name: 'gerbang_db_replica_reads_total',
    help: 'Reads of replica-tolerant routes, by the server that answered (replica, or primary when the replica was behind or unreachable)',
    labelNames: ['target', 'reason'] as const,
  });
const lagGauge =
  (client.register.getSingleMetric('gerbang_db_replica_lag_seconds') as client.Gauge | undefined) ??
  new client.Gauge({
    name: 'gerbang_db_replica_lag_seconds',
    help: 'How far the read replica is at most behind the primary, at the last check (-1: unknown)',
  });

/** `X/Y` (pg_lsn as text) as one number. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

export class ReadRouter {
  private readonly checkEveryMs: number;
  /** The primary's WAL positions as read, oldest first, each with the time it was read. */
  private samples: { at: number; lsn: bigint }[] = [];
  /** The replica holds everything committed before this time (ms), as last proven. */
  private freshAsOf: number | undefined;
  private replicaProblem: FallbackReason | undefined;
  private checkedAt: number | undefined;
  private checking: Promise<void> | undefined;
  private lastTarget: string | undefined;

  constructor(private readonly options: ReadRouterOptions) {
    this.checkEveryMs = options.checkEveryMs ?? 1000;
  }

  /** Runs `fn` on the replica when it is fresh enough, else on the primary; a replica lost mid-read falls back too. */
  async read<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const state = await this.state();
    if (state.target === 'primary') {
      reads.inc({ target: 'primary', reason: state.reason ?? 'lag' });
      return fn(this.options.primary);
    }
    try {
      const result = await fn(this.options.replica);
      reads.inc({ target: 'replica', reason: '' });
      return result;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Reads only: running it again on the primary changes nothing but the answer's freshness.
      this.markUnavailable();
      reads.inc({ target: 'primary', reason: 'unavailable' });
      return fn(this.options.primary);
    }
  }

  /** Where reads go now (checking the lag when the last check is older than a second). */
  async state(): Promise<ReplicaState> {
    const now = this.options.now().getTime();
    if (this.checkedAt === undefined || now - this.checkedAt >= this.checkEveryMs) {
      // Concurrent requests share the check under way.
      this.checking ??= this.check(now).finally(() => (this.checking = undefined));
      await this.checking;
    }
    const state = this.judge(this.options.now().getTime());
    this.report(state);
    return state;
  }

  private judge(now: number): ReplicaState {
    if (this.replicaProblem) return { target: 'primary', reason: this.replicaProblem };
    if (this.freshAsOf === undefined) return { target: 'primary', reason: 'lag' };
    const lagSeconds = Math.max(0, now - this.freshAsOf) / 1000;
    return lagSeconds * 1000 <= this.options.maxLagMs ? { target: 'replica', lagSeconds } : { target: 'primary', reason: 'lag', lagSeconds };
  }

  private async check(startedAt: number): Promise<void> {
    const { primary, replica } = this.options;
    const [primaryPosition, replicaPosition] = await Promise.allSettled([
      sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary),
      sql<{ recovering: boolean; lsn: string | null }>`select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as lsn`.execute(replica),
    ]);
    this.checkedAt = startedAt;
    if (replicaPosition.status === 'rejected') return this.markUnavailable();
    const row = replicaPosition.value.rows[0]!;
    // A server out of recovery is not following the primary (misconfigured, or promoted): its data
    // may have gone another way. The primary answers until it is a standby again.
    if (!row.recovering || row.lsn === null) {
      this.replicaProblem = 'not_standby';
      return;
    }
    this.replicaProblem = undefined;
    // The primary away: its position is unknown; the last proof stands and ages.
    if (primaryPosition.status === 'fulfilled') {
      this.samples.push({ at: startedAt, lsn: parseLsn(primaryPosition.value.rows[0]!.lsn) });
    }
    const replayed = parseLsn(row.lsn);
    for (const sample of this.samples) if (sample.lsn <= replayed) this.freshAsOf = Math.max(this.freshAsOf ?? 0, sample.at);
    // Samples older than the last proof, or than the bound, prove nothing more.
    const horizon = Math.max(this.freshAsOf ?? 0, startedAt - 2 * this.options.maxLagMs);
    this.samples = this.samples.filter((s) => s.at > horizon || s === this.samples.at(-1));
  }

  private markUnavailable() {
    this.replicaProblem = 'unavailable';
    this.freshAsOf = undefined;
  }

  private report(state: ReplicaState) {
    lagGauge.set(state.lagSeconds ?? -1);
    const key = state.target === 'replica' ? 'replica' : `primary:${state.reason}`;
    if (key === this.lastTarget) return;
    const first = this.lastTarget === undefined;
    this.lastTarget = key;
    if (first && state.target === 'replica') return;
    this.options.log?.(
      state.target === 'replica'
        ? 'read replica: caught up, public reads use it again'
        : `read replica: ${DESCRIBE[state.reason!]}; public reads use the primary`,
    );
  }
}

const DESCRIBE: Record<FallbackReason, string> = {
  lag: 'behind the primary by more than DATABASE_READ_MAX_LAG (or not proven within it yet)',
  unavailable: 'unreachable',
  not_standby: 'DATABASE_READ_URL is not a standby in recovery (promoted, or pointing at a primary)',
};
