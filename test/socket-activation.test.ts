// Why the processes run on a socket systemd holds (deploy/systemd/; docs/operations.md, "Rolling
// restart"), shown on this machine's kernel without timing: a connection that waits in a process's
// accept queue when the process stops listening is reset if the process owned the socket — nginx has
// then sent a POST it may not send elsewhere, and answers 503 — and is kept for the next process if
// the socket is held outside it. A child HTTP server stands for the app's process: told to stop, it
// blocks its event loop (as a loaded process is late to accept) until the test has connected and sent
// a request, then closes its server and exits, as drainAndClose ends.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type HeldSocket, holdSocket, spawnNode } from './socket-activation.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-socket-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The server: on its own PORT, or on descriptor 3 when LISTEN_FDS says so (as src/config.ts reads it).
const SERVER = `
const fs = require('node:fs');
const http = require('node:http');
const server = http.createServer((req, res) => res.end('answered by ' + process.pid));
const own = process.env.LISTEN_FDS === undefined;
server.listen(own ? { port: Number(process.env.PORT), host: '127.0.0.1' } : { fd: 3 }, () => process.send(own ? server.address().port : 'listening'));
process.on('message', (marker) => {
  process.send('blocking', () => {
    while (!fs.existsSync(marker));
    server.close();
    process.exit(0);
  });
});
`;

const SCRIPT = path.join(dir, 'server.cjs');
fs.writeFileSync(SCRIPT, SERVER);

/** The server, on its own port or on `socket`; `first`: its first message (its port, or 'listening'). */
function start(socket?: HeldSocket): { child: ChildProcess; first: Promise<unknown> } {
  const child = spawnNode([SCRIPT], { env: socket ? process.env : { ...process.env, PORT: '0' }, socket, ipc: true });
  const first = new Promise((resolve) => child.once('message', resolve));
  return { child, first };
}

/**
 * Stops `child` with a request waiting in its accept queue: tells it to stop, and once it blocks,
 * connects and sends a GET, then lets it close. Resolves with the answer's body or the socket's error.
 */
async function stopWithWaitingRequest(child: ChildProcess, port: number): Promise<string> {
  const marker = path.join(dir, `go-${child.pid}`);
  await new Promise<void>((resolve) => {
    child.once('message', () => resolve());
    child.send(marker);
  });
  const socket = net.connect(port, '127.0.0.1');
  const answer = new Promise<string>((resolve) => {
    let body = '';
    socket.on('data', (chunk) => (body += chunk));
    socket.on('end', () => resolve(body));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  await new Promise<void>((resolve) => socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', () => resolve()));
  fs.writeFileSync(marker, '');
  await new Promise((resolve) => child.once('exit', resolve));
  return answer;
}

describe('a request waiting in the accept queue when a process stops listening', () => {
  it('is reset when the process owned its socket', async () => {
    const { child, first } = start();
    const port = (await first) as number;
    expect(await stopWithWaitingRequest(child, port)).toBe('error ECONNRESET');
  });

  it('is answered by the next process when the socket is held outside them', async () => {
    const socket = holdSocket();
    try {
      const one = start(socket);
      expect(await one.first).toBe('listening');
      const answer = stopWithWaitingRequest(one.child, socket.port);
      await new Promise((resolve) => one.child.once('exit', resolve));
      // No process listens now; the request waits in the held socket for the next.
      const two = start(socket);
      expect(await two.first).toBe('listening');
      expect(await answer).toMatch(new RegExp(`answered by ${two.child.pid}$`));
      two.child.kill();
    } finally {
      socket.close();
    }
  });
});
