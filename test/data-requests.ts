// Runs the personal-data request jobs queued so far (the carry-out of approved requests), as the
// serve process's runner would, on the test app's database and clock. Other kinds of jobs are left.
import { CARRY_OUT_JOB, dataRequestJobHandlers } from '../src/modules/identity/index.js';
import { createJobRunner } from '../src/platform/jobs/index.js';
import type { TestApp } from './app.js';

export async function runDataRequestJobs(t: TestApp, now: () => Date = t.now): Promise<number> {
  const runner = createJobRunner(t.db.app, dataRequestJobHandlers({ audit: t.audit, now }), { concurrency: 0, kinds: [CARRY_OUT_JOB] });
  let ran = 0;
  while (await runner.runOnce()) ran++;
  return ran;
}
