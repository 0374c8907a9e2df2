// The platform's default templates of an event, written out from the texts its module registered
// (event-registry.ts): Bahasa Indonesia and English, e-mail (text and HTML, with Gerbang's signature),
// SMS and in-app. Tenants override any of them. Seeded by seedDefaultTemplates (templates.ts); keep
// SMS texts to one GSM-7 part with the example values (a test checks every registered event).
import type { TemplateChannel } from '../../db/schema.js';
import type { EventLang as Lang, EventTexts as Texts } from './event-registry.js';

const SIGNATURE: Record<Lang, string> = {
  id: 'Pesan ini dikirim otomatis oleh Gerbang, layanan publik digital pemerintah daerah Anda. Mohon tidak membalas e-mail ini.',
  en: 'This message was sent automatically by Gerbang, the digital public services of your local government. Please do not reply to this e-mail.',
};

function emailText(lang: Lang, t: Texts): string {
  const parts = [...t.paragraphs];
  if (t.action) parts.push(`${t.action}: {{url}}`);
  parts.push('--', SIGNATURE[lang]);
  return parts.join('\n\n');
}

/** Minimal, client-safe HTML (inline styles only). Variables are HTML-escaped when rendered. */
function emailHtml(lang: Lang, t: Texts): string {
  const paragraphs = t.paragraphs.map((p) => `<p style="margin:0 0 16px">${p.replace(/\n/g, '<br>')}</p>`);
  const action = t.action
    ? `<p style="margin:0 0 24px"><a href="{{url}}" style="display:inline-block;padding:10px 16px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px">${t.action}</a></p>`
    : '';
  return [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${t.subject}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">',
    ...paragraphs,
    action,
    `<p style="margin:24px 0 0;font-size:13px;color:#555555">${SIGNATURE[lang]}</p>`,
    '</body></html>',
  ].join('\n');
}

export interface DefaultTemplate {
  event: string;
  lang: Lang;
  channel: TemplateChannel;
  subject?: string;
  text: string;
  html?: string;
}

/** The default templates of one event: e-mail, SMS and in-app in both languages. */
export function defaultTemplates(event: string, texts: Readonly<Record<Lang, Texts>>): DefaultTemplate[] {
  return (['id', 'en'] as const).flatMap((lang): DefaultTemplate[] => {
    const t = texts[lang];
    return [
      { event, lang, channel: 'email', subject: t.subject, text: emailText(lang, t), html: emailHtml(lang, t) },
      { event, lang, channel: 'sms', text: t.sms },
      { event, lang, channel: 'inapp', subject: t.subject, text: t.inapp },
    ];
  });
}
