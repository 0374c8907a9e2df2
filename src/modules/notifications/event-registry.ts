// The catalogue of notification events, filled by the modules that raise them. Each module registers
// its events from its own `events.ts` when its index.ts loads — the definition (typed variables,
// whether a citizen may switch it off, whether it carries a secret) and the default texts — and adds
// their names to `NotificationEvents` by declaration merging, so an unknown event name does not
// compile. This module knows no other module's events: templates, preferences, notifyPerson, the
// seed of default templates and the template admin pages all read this registry.
import canonicalize from 'canonicalize';

export type VariableType = 'string' | 'number' | 'date' | 'url';
export type EventLang = 'id' | 'en';

export interface EventVariable {
  type: VariableType;
  required: boolean;
  /** Used by previews and by the SMS length warning. */
  example: string | number;
}

/**
 * Who receives the event: citizens (a reporter's receipt), officers (work forwarded to their agency)
 * or both. A person is offered preferences only for the events meant for their kind.
 */
export type EventAudience = 'citizen' | 'officer' | 'both';
const AUDIENCES: readonly EventAudience[] = ['citizen', 'officer', 'both'];

export interface EventDefinition {
  /** False for one-time codes and legal notices: citizens cannot switch them off. */
  optOut: boolean;
  audience: EventAudience;
  description: { readonly id: string; readonly en: string };
  variables: Readonly<Record<string, EventVariable>>;
  /**
   * The message carries a secret (a one-time code). Its text is erased from the outbox once it is
   * handed to the provider, given up or cancelled, and it is never sent — only erased — after
   * `validMinutes`, when the secret it carries is no use to anyone. Such messages jump the delivery
   * queue and have a per-recipient limit of their own (NOTIFY_MAX_OTP_PER_RECIPIENT_PER_15_MIN).
   */
  secret?: { validMinutes: number };
}

/** An event's default texts in one language; variables as {{name}}. Written out by template-defaults.ts. */
export interface EventTexts {
  subject: string;
  /** E-mail paragraphs (plain text). */
  paragraphs: readonly string[];
  /** The e-mail's link: its label; the address is always {{url}}. */
  action?: string;
  sms: string;
  inapp: string;
}

/** What a module registers for one event. */
export interface NotificationEventSpec {
  definition: EventDefinition;
  texts: Readonly<Record<EventLang, EventTexts>>;
}

/**
 * Every event name a module registered. A module adds its own:
 * `declare module '../notifications/index.js' { interface NotificationEvents extends MyEvents {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationEvents {}
export type NotificationEvent = keyof NotificationEvents & string;

const NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
const VARIABLE = /^[A-Za-z][A-Za-z0-9_]*$/;

// A Map, in registration order: a name from outside ("constructor") must not find Object.prototype's.
const registry = new Map<string, NotificationEventSpec>();

function checkSpec(name: string, spec: NotificationEventSpec): void {
  if (name.length > 100 || !NAME.test(name)) throw new Error(`notification event name ${JSON.stringify(name)}: lower-case words joined by dots, e.g. "complaint.received"`);
  const { definition, texts } = spec;
  if (typeof definition?.optOut !== 'boolean' || !definition.description?.id || !definition.description.en) {
    throw new Error(`notification event ${name}: the definition needs optOut and a description in both languages`);
  }
  if (!AUDIENCES.includes(definition.audience)) throw new Error(`notification event ${name}: the definition needs an audience (${AUDIENCES.join(', ')})`);
  for (const variable of Object.keys(definition.variables ?? {})) {
    if (!VARIABLE.test(variable)) throw new Error(`notification event ${name}: variable ${JSON.stringify(variable)} is not a name`);
  }
  for (const lang of ['id', 'en'] as const) {
    const t = texts?.[lang];
    if (!t || !t.subject || !t.sms || !t.inapp || !Array.isArray(t.paragraphs) || t.paragraphs.length === 0) {
      throw new Error(`notification event ${name}: default texts (subject, paragraphs, sms, inapp) missing in ${lang}`);
    }
  }
}

/**
 * Adds events to the catalogue, at start-up. Refused (a programming error): a malformed name or
 * definition, default texts missing in a language, or a name another module registered with another
 * definition or texts (the same one again is accepted: a module may load twice in tests).
 */
export function registerNotificationEvents<K extends string>(events: Readonly<Record<K, NotificationEventSpec>>): void {
  const entries = Object.entries(events) as [string, NotificationEventSpec][];
  for (const [name, spec] of entries) {
    checkSpec(name, spec);
    const existing = registry.get(name);
    if (existing && canonicalize(existing) !== canonicalize(spec)) {
      throw new Error(`notification event ${name} is registered twice with different definitions`);
    }
  }
  for (const [name, spec] of entries) if (!registry.has(name)) registry.set(name, spec);
}

export function isNotificationEvent(value: unknown): value is NotificationEvent {
  return typeof value === 'string' && registry.has(value);
}

/** Every registered event, in the order the modules registered them. */
export function registeredEvents(): NotificationEvent[] {
  return [...registry.keys()] as NotificationEvent[];
}

function specOf(event: string): NotificationEventSpec {
  const spec = registry.get(event);
  if (!spec) throw new TypeError(`unknown notification event ${JSON.stringify(event)}: has its module registered its events?`);
  return spec;
}

export function eventDefinition(event: NotificationEvent): EventDefinition {
  return specOf(event).definition;
}

/** The event's default texts (seeded as the platform's default templates). */
export function eventTexts(event: NotificationEvent): Readonly<Record<EventLang, EventTexts>> {
  return specOf(event).texts;
}

/** Whether a citizen may switch this event off (false for one-time codes and legal notices). */
export function mayOptOut(event: NotificationEvent): boolean {
  return eventDefinition(event).optOut;
}

/** Whether the event is meant for this kind of person (its audience is theirs, or both). */
export function isEventFor(event: NotificationEvent, kind: 'citizen' | 'officer'): boolean {
  const { audience } = eventDefinition(event);
  return audience === 'both' || audience === kind;
}

/** How long a message of this kind is worth sending when it carries a secret (undefined: it does not). */
export function secretValidity(kind: string): { validMinutes: number } | undefined {
  return registry.get(kind)?.definition.secret;
}

/** The kinds of message that carry a secret (their text is erased once handed over, given up or cancelled). */
export function secretKinds(): string[] {
  return [...registry].flatMap(([kind, spec]) => (spec.definition.secret ? [kind] : []));
}
