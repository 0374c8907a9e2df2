// What the public may see of a report, decided here and nowhere else (docs/complaints.md, "Publication"):
//
// - **Published**: a coordinator verified it (`published_at`, set by the verify step and never
//   cleared: the states after verification — dispatched, answered, closed, and a rejection or merge
//   after verification — stay public, honestly showing how the report ended), it is `public` or
//   `anonim` (a `rahasia` report never is), and no moderator hid it. A report rejected, merged or
//   transferred before verification is never published. The public reads `published_title` /
//   `published_description` (the text the coordinator chose, possibly redacted), masked again.
// - **Photos are public** only of a published `public` report. An `anonim` report's photos may show
//   who took them or where they live, a `rahasia` one's everything: officers who handle the report
//   and its own reporter see them, nobody else.
//
// The SQL twin of `isPublished` is public/store.ts `published` (the public list, map, Open311 and
// updates filter in the database); the two must say the same.
import type { ComplaintPrivacy } from '../../db/schema.js';
import { maskPersonalData } from './mask.js';
import type { ComplaintRow } from './store.js';

/** The privacy modes a report may be published in ('rahasia' never). */
export const PUBLISHED_PRIVACY = ['public', 'anonim'] as const satisfies readonly ComplaintPrivacy[];

type PublicationFacts = Pick<ComplaintRow, 'published_at' | 'privacy' | 'hidden'>;

/** Does the public see this report (list, map, Open311, its page)? */
export function isPublished(row: PublicationFacts): boolean {
  return row.published_at !== null && (PUBLISHED_PRIVACY as readonly string[]).includes(row.privacy) && !row.hidden;
}

/** May anyone at all see this report's photos (the photo route, the report page, Open311 media_url)? */
export function photosArePublic(row: PublicationFacts): boolean {
  return isPublished(row) && row.privacy === 'public';
}

/** The title and description the public reads: the published text, masked (NIK, phone, e-mail). */
export function publicText(row: Pick<ComplaintRow, 'published_title' | 'published_description' | 'title' | 'description'>): { title: string; description: string } {
  // Only a published row is ever shown to the public; the fallback keeps a caller's mistake masked.
  return { title: maskPersonalData(row.published_title ?? row.title), description: maskPersonalData(row.published_description ?? row.description) };
}
