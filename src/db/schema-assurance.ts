// The table of migration 0059 owned by identity: the history of citizens' levels of assurance (kept
// apart from schema.ts, which is at its size limit).
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A raise of a citizen's level of assurance (migration 0059): the person's, keyed by citizen id. */
export interface AssuranceRaiseTable {
  citizen_id: string;
  id: string;
  level: 'registry' | 'in_person';
  method: 'registry' | 'counter';
  /** The tenant that raised it. */
  tenant_id: string;
  officer_id: string | null;
  raised_at: Timestamp;
}
