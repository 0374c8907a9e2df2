// ClamAV's daemon, clamd, spoken to directly (its INSTREAM command; `man clamd`): no clamdscan binary,
// no temporary file — the stored file's bytes are sent over TCP or a Unix socket in chunks, each
// prefixed by its length as a 4-byte big-endian number, then a zero length. clamd answers
// "stream: OK", "stream: <signature name> FOUND", or "<reason> ERROR" (e.g. "INSTREAM size limit
// exceeded" when the file is larger than its StreamMaxLength). Commands carry the "z" prefix, so
// every message is NUL-terminated.
import net from 'node:net';
import type { Readable } from 'node:stream';
import type { FileScanner, ScanResult } from './scanner.js';

export interface ClamdOptions {
  /** tcp://host:port or unix:///path/to/clamd.ctl */
  url: string;
  /** Longest a scan may take, connection included (default 60 s: a 100 MB archive on a busy clamd). */
  timeoutMs?: number;
  /** Bytes per INSTREAM chunk (default 64 KiB). */
  chunkBytes?: number;
}

/** Where clamd listens, from CLAMD_URL. Throws TypeError for anything else (config.ts says it first). */
export function clamdAddress(url: string): net.NetConnectOpts {
  const parsed = new URL(url);
  if (parsed.protocol === 'unix:') {
    if (!parsed.pathname || parsed.pathname === '/') throw new TypeError('a unix: clamd URL needs a socket path, e.g. unix:///run/clamav/clamd.ctl');
    return { path: decodeURIComponent(parsed.pathname) };
  }
  if (parsed.protocol === 'tcp:') {
    if (!parsed.hostname || !parsed.port) throw new TypeError('a tcp: clamd URL needs a host and a port, e.g. tcp://127.0.0.1:3310');
    return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) };
  }
  throw new TypeError('a clamd URL starts with tcp:// or unix://');
}

/**
 * Sends `command` (without the "z" and the NUL), then whatever `send` writes, and resolves with
 * clamd's answer (up to its NUL). Rejects on a connection error, a timeout, or a closed connection
 * without an answer.
 */
function converse(address: net.NetConnectOpts, command: string, timeoutMs: number, send?: (socket: net.Socket) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null, answer?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const timer = setTimeout(() => finish(new Error(`clamd did not answer within ${timeoutMs} ms`)), timeoutMs);
    const answer = () => Buffer.concat(chunks).toString('utf8').replace(/\0[\s\S]*$/, '').trim();
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunk.includes(0)) finish(null, answer());
    });
    // clamd may stop reading and close early (a size limit): its answer, if any, is what counts.
    socket.on('end', () => (chunks.length > 0 ? finish(null, answer()) : finish(new Error('clamd closed the connection without an answer'))));
    socket.on('close', () => finish(chunks.length > 0 ? null : new Error('clamd closed the connection without an answer'), answer()));
    socket.on('error', (error) => {
      // A write after clamd closed (EPIPE, ECONNRESET) still leaves its answer to read.
      if (chunks.length > 0) finish(null, answer());
      else if (!['EPIPE', 'ECONNRESET'].includes((error as NodeJS.ErrnoException).code ?? '')) finish(error);
    });
    socket.once('connect', () => {
      socket.write(`z${command}\0`);
      if (send) send(socket).catch((error: Error) => finish(error));
    });
  });
}

/** Writes `data`, waiting for the socket to drain when its buffer is full. */
async function write(socket: net.Socket, data: Buffer): Promise<void> {
  if (socket.destroyed) throw new Error('clamd closed the connection');
  if (socket.write(data)) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
    };
    const onDrain = () => (cleanup(), resolve());
    const onClose = () => (cleanup(), reject(new Error('clamd closed the connection')));
    socket.on('drain', onDrain);
    socket.on('close', onClose);
  });
}

/** Reads clamd's answer to INSTREAM. */
export function parseClamdAnswer(answer: string): ScanResult {
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found) return { verdict: 'infected', threat: found[1]!.slice(0, 200) };
  if (answer === 'stream: OK') return { verdict: 'clean' };
  return { verdict: 'error', message: `clamd: ${answer.slice(0, 200) || 'empty answer'}` };
}

export function createClamdScanner(options: ClamdOptions): FileScanner & { ping(): Promise<boolean>; version(): Promise<string> } {
  const address = clamdAddress(options.url);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let described: { text: string; at: number } | undefined;

  const version = () => converse(address, 'VERSION', Math.min(timeoutMs, 10_000));

  return {
    async ping() {
      return (await converse(address, 'PING', Math.min(timeoutMs, 10_000)).catch(() => '')) === 'PONG';
    },
    version,
    // The signature database's version changes daily: asked again after a minute.
    async describe() {
      if (!described || performance.now() - described.at > 60_000) {
        const text = await version().then((v) => `clamd ${v}`.slice(0, 200), () => 'clamd');
        described = { text, at: performance.now() };
      }
      return described.text;
    },
    async scan(stream: Readable): Promise<ScanResult> {
      try {
        const answer = await converse(address, 'INSTREAM', timeoutMs, async (socket) => {
          const length = Buffer.alloc(4);
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            for (let offset = 0; offset < chunk.length; offset += chunkBytes) {
              const part = chunk.subarray(offset, offset + chunkBytes);
              length.writeUInt32BE(part.length);
              await write(socket, Buffer.from(length));
              await write(socket, part);
            }
          }
          await write(socket, Buffer.alloc(4));
        });
        return parseClamdAnswer(answer);
      } catch (error) {
        return { verdict: 'error', message: `clamd at ${options.url}: ${(error as Error).message}` };
      } finally {
        stream.destroy();
      }
    },
  };
}
