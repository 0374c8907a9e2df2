// Personal data in text that the public sees (titles, descriptions, answers): NIK (16 digits),
// Indonesian phone numbers and e-mail addresses are masked automatically. Officers see the text as
// written (a handler may need the number the reporter typed).

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 16 digits, allowing spaces/dots/dashes between groups (e.g. 3374 0112 3456 0001).
const NIK = /(?<!\d)\d(?:[\s.-]?\d){15}(?!\d)/g;
// +62 / 62 / 0 followed by 8–12 more digits (mobile 08…, landline 021…), with separators.
const PHONE = /(?<![\d+])(?:\+62|62|0)[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d){6,11}(?!\d)/g;

function keepEnds(value: string, head: number, tail: number): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length <= head + tail) return '*'.repeat(digits.length);
  return digits.slice(0, head) + '*'.repeat(digits.length - head - tail) + (tail > 0 ? digits.slice(-tail) : '');
}

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, (m) => {
      const [user, domain] = m.split('@');
      return `${user!.slice(0, 1)}***@${domain}`;
    })
    .replace(NIK, (m) => keepEnds(m, 4, 0))
    .replace(PHONE, (m) => keepEnds(m, 4, 2));
}
