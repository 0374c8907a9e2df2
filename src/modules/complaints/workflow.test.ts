// What the report page asks the workflow: which officer actions this role may take in this state, and
// which the reporter may. A table of cases, as the workflow itself is a table.
import { describe, expect, it } from 'vitest';
import { availableActions, isAllowed, mayTake, OFFICER_ACTIONS, reporterActions, STATUSES } from './workflow.js';

describe('availableActions', () => {
  it.each([
    ['submitted', 'coordinator', ['verify', 'reject', 'transfer', 'note', 'merge', 'hide', 'unhide']],
    ['verified', 'coordinator', ['reject', 'dispatch', 'transfer', 'note', 'merge', 'hide', 'unhide']],
    ['forwarded', 'coordinator', ['dispatch', 'transfer', 'start', 'answer', 'note', 'merge', 'hide', 'unhide']],
    ['responded', 'coordinator', ['close', 'note', 'hide', 'unhide']],
    ['closed', 'coordinator', ['note', 'hide', 'unhide']],
    ['submitted', 'handler', ['note']],
    ['forwarded', 'handler', ['start', 'answer', 'note']],
    ['in_follow_up', 'handler', ['answer', 'note']],
    ['responded', 'handler', ['note']],
    ['rejected', 'handler', ['note']],
  ] as const)('%s, %s: %j', (status, role, expected) => {
    expect(availableActions(status, role)).toEqual(expected);
  });

  it('is exactly what the service accepts: allowed in the state and taken by the role', () => {
    for (const status of STATUSES) {
      for (const role of ['coordinator', 'handler'] as const) {
        const expected = OFFICER_ACTIONS.filter((a) => isAllowed(a, status) && mayTake(a, role));
        expect(availableActions(status, role), `${status}/${role}`).toEqual(expected);
      }
    }
  });
});

describe('reporterActions', () => {
  it.each([
    ['responded', ['confirm', 'reopen']],
    ['submitted', []],
    ['in_follow_up', []],
    ['closed', []],
  ] as const)('%s: %j', (status, expected) => {
    expect(reporterActions(status)).toEqual(expected);
  });
});
