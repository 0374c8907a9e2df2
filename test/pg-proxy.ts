// A TCP proxy in front of the test PostgreSQL, so a test can take the database away from one app
// (and give it back) without touching the server the other test files share: `down()` cuts every
// connection and refuses new ones (what a killed postmaster looks like to the app), `hang()` accepts
// connections and never answers (a dead network path), `up()` restores the service.
import net from 'node:net';

export interface PgProxy {
  /** `url` with the proxy's address instead of the server's. */
  url: string;
  down(): Promise<void>;
  hang(): Promise<void>;
  up(): Promise<void>;
  /** Connections accepted while hanging and not closed by the client yet. */
  hungConnections(): number;
  close(): Promise<void>;
}

export async function startPgProxy(databaseUrl: string): Promise<PgProxy> {
  const target = new URL(databaseUrl);
  const pairs = new Set<net.Socket>();
  const hung = new Set<net.Socket>();
  let mode: 'up' | 'hang' = 'up';
  const server = net.createServer((client) => {
    if (mode === 'hang') {
      hung.add(client);
      client.on('close', () => hung.delete(client));
      client.on('error', () => client.destroy());
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      pairs.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        pairs.delete(a);
        b.destroy();
      });
    }
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  let port = 0;
  await listen();
  port = (server.address() as net.AddressInfo).port;
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const cut = () => {
    for (const socket of [...pairs, ...hung]) socket.destroy();
  };
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    async down() {
      mode = 'up';
      const closed = stopListening();
      cut();
      await closed;
    },
    async hang() {
      mode = 'hang';
      cut();
      if (!server.listening) await listen();
    },
    async up() {
      mode = 'up';
      for (const socket of hung) socket.destroy();
      if (!server.listening) await listen();
    },
    hungConnections: () => hung.size,
    async close() {
      const closed = stopListening();
      cut();
      await closed;
    },
  };
}
