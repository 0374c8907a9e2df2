// The development mailbox: an SMTP server on 127.0.0.1 that accepts every message, parses it
// (mailparser) and stores it in `dev_mailbox`, so captured mail survives restarts and every process
// on the same database sees it. `serve` starts it outside production when SMTP_URL is unset.
import type { AddressObject } from 'mailparser';
import type { DbOrTx } from '../../db/index.js';
import { type DevMessageRow, insertDevMessage, selectDevMessages } from './store.js';

export interface DevMailbox {
  host: string;
  port: number;
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

function addresses(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ') || null;
}

/** Starts the capture server; `port` 0 (default) picks a free port. */
export async function startDevMailbox(options: {
  db: DbOrTx;
  port?: number;
  log?: { warn(obj: object, msg?: string): void };
}): Promise<DevMailbox> {
  const host = '127.0.0.1';
  // smtp-server loads only where the mailbox runs (development, no SMTP_URL): production never loads it.
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Gerbang development mailbox (nothing is delivered)',
    size: MAX_MESSAGE_BYTES,
    logger: false,
    disableReverseLookup: true,
    // Senders keep pooled connections open; on stop, wait at most a second for them (they get a 421,
    // a temporary failure, and retry), not smtp-server's default 30 s.
    closeTimeout: 1000,
    onData(stream, session, callback) {
      // mailparser is loaded with the first message, not at every start.
      import('mailparser')
        .then(({ simpleParser }) => simpleParser(stream))
        .then(async (mail) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address).join(', ');
          await insertDevMessage(options.db, {
            channel: 'email',
            messageId: mail.messageId ?? null,
            from: addresses(mail.from) ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : null),
            to: addresses(mail.to) ?? envelopeTo,
            subject: mail.subject ?? null,
            text: mail.text ?? null,
            html: typeof mail.html === 'string' ? mail.html : null,
          });
          callback();
        })
        .catch((error: unknown) => {
          // The sender sees a temporary failure and tries again later; nothing is lost silently.
          options.log?.warn({ err: (error as Error).message }, 'development mailbox could not store a message');
          const failure = new Error('cannot store the message now') as Error & { responseCode: number };
          failure.responseCode = 451;
          callback(failure);
        });
    },
  });
  server.on('error', (error) => options.log?.warn({ err: error.message }, 'development mailbox error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return {
    host,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the development mailbox captured, newest first (at most `limit`; the page shows 200). */
export function listDevMessages(ctx: { db: DbOrTx }, limit = 200): Promise<DevMessageRow[]> {
  return selectDevMessages(ctx.db, limit);
}
