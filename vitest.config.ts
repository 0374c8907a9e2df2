import { defineConfig } from 'vitest/config';

// Two projects: the browser journeys (test/e2e) drive real Chromium, whose speed on a shared 2-core
// machine varies two- to threefold from run to run. Their steps wait for what the page shows; the
// per-test budget is only a backstop against a hang, so it is generous there and tight elsewhere.
// Tests that register test-only words, events or personal-data holders, or check that a registry
// holds exactly the app's modules: each runs in a fresh module graph.
const REGISTRY_TESTS = [
  'src/modules/notifications/event-registry.test.ts',
  'src/modules/notifications/offered-events.test.ts',
  'src/modules/notifications/templates.test.ts',
  'src/platform/i18n/i18n.test.ts',
  'test/personal-data-holders.test.ts',
  'test/personal-data-rights.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    maxWorkers: 2,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: REGISTRY_TESTS,
          // A worker reuses the modules it loaded for the next file instead of importing the app again
          // (import time was 267 of the suite's 1,650 worker-seconds, 2026-12-05). Safe because the
          // app's registries (words, policies, events, hooks) are process-wide by design: every app of
          // a process shares them. The files that add to them or assert their exact contents run apart.
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: { name: 'unit-isolated', include: REGISTRY_TESTS, testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          // The walk over every page of every role at 360 px: 98 axe-core runs, each 7 s on the shared
          // 2-core machine under load (about 18 minutes in all, 2026-12-05): too long for CI's
          // 20-minute budget beside the rest (831 s). `npm run test:pages` runs it.
          exclude: process.env.EVERY_PAGE === '1' ? [] : ['test/e2e/every-page.test.ts'],
          // As the unit project: a worker keeps the app and Playwright loaded between files.
          isolate: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
