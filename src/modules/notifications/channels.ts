// Where a notification leaves Gerbang: e-mail over SMTP (nodemailer), SMS and WhatsApp through a small
// HTTP gateway adapter. In development and tests, without a configured provider, everything goes to
// the development mailbox (dev-mailbox.ts). The notification id is the idempotency key everywhere:
// the e-mail Message-ID, and the gateways' Idempotency-Key header, so a re-run after a crash hands
// over the same message, which the provider (or a person reading the mailbox) recognises.
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { DbOrTx } from '../../db/index.js';
import type { NotificationChannel } from '../../db/schema.js';
import { insertDevMessage } from './store.js';

export interface OutgoingMessage {
  /** The notification id: the idempotency key. */
  id: string;
  channel: NotificationChannel;
  to: string;
  subject: string | null;
  text: string;
  html: string | null;
  lang: 'id' | 'en';
}

export interface SendResult {
  providerMessageId: string;
}

export interface ChannelSender {
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void> | void;
}

export type Channels = Record<NotificationChannel, ChannelSender> & { close(): Promise<void> };

/** A failure that retrying cannot fix (refused by the provider, channel not configured). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** The Message-ID of a notification's e-mail: stable across retries. */
export function messageIdFor(notificationId: string, from: string): string {
  const domain = /@([^@\s>]+)>?\s*$/.exec(from)?.[1] ?? 'gerbang.localhost';
  return `<${notificationId}@${domain}>`;
}

export function createSmtpSender(options: {
  /** smtp://user:pass@host:587, smtps://… or a nodemailer SMTP options object. */
  transport: string | { host: string; port: number; secure?: boolean; ignoreTLS?: boolean };
  from: string;
  /** Pooled connections kept open to the server (default 5); each carries up to 100 messages. */
  maxConnections?: number;
}): ChannelSender {
  // Pooled: a burst reuses a few open connections instead of a TCP + SMTP handshake per message.
  const pool = { pool: true, maxConnections: options.maxConnections ?? 5, maxMessages: 100 } as const;
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  // nodemailer loads, and the pool is made, with the first message, not at every start (docs/performance.md).
  let transporter: Promise<Transporter> | undefined;
  const transport = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(
        typeof options.transport === 'string'
          ? { url: options.transport, ...pool, ...timeouts }
          : { ...options.transport, ...pool, ...timeouts },
      ),
    ));
  return {
    async send(message) {
      const messageId = messageIdFor(message.id, options.from);
      const smtp = await transport();
      try {
        const info = await smtp.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          html: message.html ?? undefined,
          messageId,
          headers: { 'Content-Language': message.lang, 'X-Gerbang-Notification': message.id },
        });
        return { providerMessageId: info.messageId || messageId };
      } catch (error) {
        const err = error as Error & { responseCode?: number };
        // 5xx from the server (e.g. mailbox unknown) will not get better by retrying.
        if (typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600) {
          throw new PermanentDeliveryError(`SMTP server refused the message (${err.responseCode})`);
        }
        throw new Error(`SMTP delivery failed: ${(err as { code?: string }).code ?? err.name}`);
      }
    },
    async close() {
      (await transporter)?.close();
    },
  };
}

/** SMS/WhatsApp through an HTTP gateway: POST JSON {to, text, sender} with a bearer key. */
export function createGatewaySender(options: {
  url: string;
  key: string;
  sender: string;
  name: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): ChannelSender {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(message) {
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.key}`,
            'content-type': 'application/json',
            'idempotency-key': message.id,
          },
          body: JSON.stringify({ to: message.to, text: message.text, sender: options.sender }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new Error(`${options.name} gateway unreachable: ${(error as Error).name}`);
      }
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok) {
        const status = response.status;
        const retryable = status === 408 || status === 429 || status >= 500;
        const text = `${options.name} gateway answered ${status}`;
        throw retryable ? new Error(text) : new PermanentDeliveryError(text);
      }
      const id = body.id ?? body.messageId ?? body.message_id;
      return { providerMessageId: typeof id === 'string' || typeof id === 'number' ? String(id) : message.id };
    },
  };
}

/** Development capture of SMS/WhatsApp: stored in the development mailbox table. */
export function createCaptureSender(db: DbOrTx, channel: NotificationChannel, sender: string): ChannelSender {
  return {
    async send(message) {
      await insertDevMessage(db, {
        channel,
        messageId: message.id,
        from: sender,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      return { providerMessageId: `dev-${message.id}` };
    },
  };
}

/** A channel nobody configured (production without a gateway): every message fails permanently. */
function unconfigured(channel: NotificationChannel): ChannelSender {
  return {
    async send() {
      throw new PermanentDeliveryError(`the ${channel} channel is not configured`);
    },
  };
}

/**
 * The channels of this process. `devSmtp` is the development capture server's address, used for
 * e-mail when SMTP_URL is unset (never in production: config refuses that).
 */
export function createChannels(
  config: Pick<
    Config,
    | 'env'
    | 'smtpUrl'
    | 'mailFrom'
    | 'smsGatewayUrl'
    | 'smsGatewayKey'
    | 'whatsappGatewayUrl'
    | 'whatsappGatewayKey'
    | 'smsSender'
  > & { smtpMaxConnections?: number },
  deps: { db: DbOrTx; devSmtp?: { host: string; port: number } },
): Channels {
  const dev = config.env !== 'production';
  let email: ChannelSender;
  const maxConnections = config.smtpMaxConnections;
  if (config.smtpUrl) email = createSmtpSender({ transport: config.smtpUrl, from: config.mailFrom, maxConnections });
  else if (dev && deps.devSmtp)
    email = createSmtpSender({
      transport: { host: deps.devSmtp.host, port: deps.devSmtp.port, secure: false, ignoreTLS: true },
      from: config.mailFrom,
      maxConnections,
    });
  else email = unconfigured('email');

  const gateway = (channel: 'sms' | 'whatsapp', url?: string, key?: string): ChannelSender => {
    if (url && key) return createGatewaySender({ url, key, sender: config.smsSender, name: channel });
    return dev ? createCaptureSender(deps.db, channel, config.smsSender) : unconfigured(channel);
  };
  const sms = gateway('sms', config.smsGatewayUrl, config.smsGatewayKey);
  const whatsapp = gateway('whatsapp', config.whatsappGatewayUrl, config.whatsappGatewayKey);
  return {
    email,
    sms,
    whatsapp,
    async close() {
      for (const sender of [email, sms, whatsapp]) await sender.close?.();
    },
  };
}
