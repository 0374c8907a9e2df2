// systemd's socket activation as tests stage it: a socket held by the test as systemd holds a socket
// unit's (deploy/systemd/gerbang@.socket), and processes started on it as systemd starts the service.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

/**
 * A bound TCP socket on 127.0.0.1 (a free port), held here: each process started on it gets it as
 * descriptor 3 and listens on it, and it outlives them — once listening, connections made while no
 * process runs wait in it for the next. Made with node's helper for node:cluster's primary (bound, not
 * listening: nothing in the test's own process accepts from it).
 */
export interface HeldSocket {
  port: number;
  fd: number;
  close(): void;
}

export function holdSocket(): HeldSocket {
  type Handle = { fd: number; getsockname(out: { port?: number }): number; close(): void };
  const create = (net as unknown as { _createServerHandle(address: string, port: number, addressType: number): Handle | number })._createServerHandle;
  const handle = create('127.0.0.1', 0, 4);
  if (typeof handle === 'number') throw new Error(`could not bind a socket on 127.0.0.1 (errno ${handle})`);
  const address: { port?: number } = {};
  handle.getsockname(address);
  return { port: address.port!, fd: handle.fd, close: () => handle.close() };
}

/**
 * Spawns `node ...nodeArgs` with stdout and stderr piped (and an IPC channel with `ipc`). With
 * `socket`, as systemd starts a socket-activated service: the socket as descriptor 3, LISTEN_FDS=1
 * and LISTEN_PID the process's own id (sh's, which exec keeps); without, as any child.
 */
export function spawnNode(nodeArgs: string[], o: { env: NodeJS.ProcessEnv; cwd?: string; socket?: HeldSocket; ipc?: boolean }): ChildProcess {
  const ipc: 'ipc'[] = o.ipc ? ['ipc'] : [];
  if (!o.socket) return spawn(process.execPath, nodeArgs, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe', ...ipc] });
  return spawn('/bin/sh', ['-c', 'LISTEN_PID=$$; export LISTEN_PID; exec "$@"', 'sh', process.execPath, ...nodeArgs], {
    cwd: o.cwd,
    env: { ...o.env, LISTEN_FDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe', o.socket.fd, ...ipc],
  });
}
