// The `gerbang` command's entry (commands.ts runs it). It loads next to nothing before it begins
// starting the embedded PostgreSQL for `serve` (a plain `gerbang serve` or `npm start`), so the
// database server comes up while the app's code loads: the two took about the same time one after the
// other, and a cold start waits only for the longer (issue 16, docs/performance.md).
import './platform/threadpool.js'; // first: sizes libuv's thread pool before anything uses it
import cluster from 'node:cluster';
import { say } from './cli.js';
import { loadConfig } from './config.js';
import { type EmbeddedServer, startEmbeddedFor } from './db/embedded.js';

const argv = process.argv.slice(2);

/** The embedded server `serve` will use, begun now; undefined for any other command or configuration. */
function startEarly(): Promise<EmbeddedServer> | undefined {
  if (argv.length > 1 || (argv.length === 1 && argv[0] !== 'serve') || !cluster.isPrimary) return undefined;
  let config;
  try {
    config = loadConfig();
  } catch {
    return undefined; // commands.ts loads it again and reports the error
  }
  if (config.databaseUrl) return undefined;
  const early = startEmbeddedFor(config, { role: 'serve', log: say });
  early.catch(() => undefined); // awaited (and reported) by serve's connection
  return early;
}

const early = startEarly();
const { runCommand } = await import('./commands.js');
runCommand(argv, early);
