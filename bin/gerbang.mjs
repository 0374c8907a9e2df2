#!/usr/bin/env node
// The `gerbang` command (`npm run gerbang -- …`, `npx gerbang …`): runs the server bundle, as `npm start`
// does, bundling it first when a source changed (docs/decisions/0003-run-typescript-with-tsx.md). In this
// process, not through npm pre-scripts: each extra Node start costs a few tenths of a second, and
// `gerbang dev totp` must print its code well inside the code's 30-s window (issue 16).
import { buildServer, serverBundleIsStale } from '../scripts/build.mjs';

process.setSourceMapsEnabled(true);
if (serverBundleIsStale()) {
  const ms = await buildServer({ client: false });
  process.stderr.write(`gerbang: sources changed, bundled dist/main.js in ${ms} ms\n`);
}
await import('../dist/main.js');
