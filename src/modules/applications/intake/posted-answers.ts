// The apply pages' form fields and the answers they carry, both ways: the name each input of a form
// definition gets in the HTML form, and a posted page read back into answers (as typed: the answer
// validator cleans them, and what the citizen typed is kept on an error). Pure, so it is tested with
// tables. One name per input (no repeated names), so a urlencoded and a multipart body read the same:
//   field "nama" → `nama`; in repeating group "anggota", item 2 → `anggota.2.nama`;
//   address → `<name>.street`, `.regionCode`, `.postalCode`; map point → `<name>.lat`, `.lng`;
//   multi-select → `<name>.<option value>` per ticked option; checkbox → `<name>` = "true";
//   an earlier document chosen for a file field → `<name>.reuse` = its id (a field of one file: radios)
//   or `<name>.reuse.<id>` = "true" (checkboxes).
// Names the page itself posts start with "_" (field ids start with a letter, so they never collide).
import type { Answers, FileRef } from '../forms/answers.js';
import type { FieldDefinition, GroupDefinition } from '../forms/definition.js';

export type Posted = Record<string, string | undefined>;

/** The input name of a field: top level, or inside item `index` of a repeating group. */
export function inputName(field: FieldDefinition, group: GroupDefinition, index?: number): string {
  return group.repeatable ? `${group.id}.${index ?? 0}.${field.id}` : field.id;
}

const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** One field's answer from the posted values (undefined: left empty). Files are not posted here (see `withFiles`). */
export function postedValue(field: FieldDefinition, name: string, posted: Posted): unknown {
  switch (field.type) {
    case 'checkbox':
      return posted[name] === 'true';
    case 'multi_select': {
      const ticked = (field.options ?? []).filter((o) => posted[`${name}.${o.value}`] !== undefined).map((o) => o.value);
      return ticked.length > 0 ? ticked : undefined;
    }
    case 'address': {
      const street = text(posted[`${name}.street`]);
      const regionCode = text(posted[`${name}.regionCode`]);
      const postalCode = text(posted[`${name}.postalCode`]);
      if (!street && !regionCode && !postalCode) return undefined;
      return { street: street ?? '', regionCode: regionCode ?? '', ...(postalCode ? { postalCode } : {}) };
    }
    case 'map_point': {
      const lat = text(posted[`${name}.lat`]);
      const lng = text(posted[`${name}.lng`]);
      return lat || lng ? { lat: lat ?? '', lng: lng ?? '' } : undefined;
    }
    case 'file':
      return undefined;
    default:
      return text(posted[name]);
  }
}

/** What a page's buttons asked for besides saving: add an item, remove one, or go on. */
export type PageCommand =
  | { kind: 'add'; group: string }
  | { kind: 'remove'; group: string; index: number }
  | { kind: 'remove_file'; name: string; fileId: string }
  | { kind: 'save' };

/** The buttons: `_add` = a group's id, `_remove` = "<group>:<index>", `_remove_file` = "<input name>:<file id>". */
export function commandOf(posted: Posted): PageCommand {
  if (posted._add) return { kind: 'add', group: posted._add };
  const remove = /^([a-z][a-z0-9_]{0,62}):(\d{1,2})$/.exec(posted._remove ?? '');
  if (remove) return { kind: 'remove', group: remove[1]!, index: Number(remove[2]) };
  const file = posted._remove_file;
  const at = file?.lastIndexOf(':') ?? -1;
  if (file && at > 0) return { kind: 'remove_file', name: file.slice(0, at), fileId: file.slice(at + 1) };
  return { kind: 'save' };
}

/** How many items of a repeating group the page posted (the highest index present, plus one). */
function itemCount(group: GroupDefinition, posted: Posted): number {
  let count = 0;
  const prefix = `${group.id}.`;
  for (const key of Object.keys(posted)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index < 50) count = Math.max(count, index + 1);
  }
  return count;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The draft's answers with one group's page applied: the posted fields replace the group's (file
 * answers stay as they were: uploads come apart), then the page's command (add or remove an item,
 * remove a file). Answers of other groups are kept as they are.
 */
export function applyPage(draft: Answers, group: GroupDefinition, posted: Posted, command: PageCommand = commandOf(posted)): Answers {
  const next: Answers = { ...draft };
  const fill = (target: Answers, before: Answers, index?: number) => {
    for (const field of group.fields) {
      if (field.type === 'file') {
        if (before[field.id] !== undefined) target[field.id] = before[field.id];
        continue;
      }
      const value = postedValue(field, inputName(field, group, index), posted);
      if (value === undefined) delete target[field.id];
      else target[field.id] = value;
    }
  };
  if (!group.repeatable) {
    fill(next, draft);
  } else {
    const before = Array.isArray(draft[group.id]) ? (draft[group.id] as unknown[]) : [];
    const count = Math.max(itemCount(group, posted), 0);
    const items: Answers[] = [];
    for (let i = 0; i < count; i++) {
      const item: Answers = {};
      const was = before[i];
      fill(item, isRecord(was) ? was : {}, i);
      items.push(item);
    }
    if (command.kind === 'add' && command.group === group.id && items.length < group.repeatable.max) items.push({});
    if (command.kind === 'remove' && command.group === group.id && command.index < items.length) items.splice(command.index, 1);
    next[group.id] = items;
  }
  if (command.kind === 'remove_file') return withoutFile(next, group, command.name, command.fileId);
  return next;
}

/** Where a file field's answer lives for an input name: the answers object to change and the field id. */
function slotOf(answers: Answers, group: GroupDefinition, name: string): { scope: Answers; fieldId: string } | undefined {
  const parts = name.split('.');
  const fieldId = parts.at(-1)!;
  if (!group.fields.some((f) => f.id === fieldId && f.type === 'file')) return undefined;
  if (!group.repeatable) return parts.length === 1 ? { scope: answers, fieldId } : undefined;
  const items = answers[group.id];
  const index = Number(parts[1]);
  if (parts.length !== 3 || parts[0] !== group.id || !Array.isArray(items) || !isRecord(items[index])) return undefined;
  return { scope: items[index], fieldId };
}

const filesOf = (v: unknown): FileRef[] => (Array.isArray(v) ? v.filter((f): f is FileRef => isRecord(f) && typeof f.fileId === 'string') : []);

/** The files a file input's answer holds now (`ktp`, `anggota.0.ktp`). */
export function filesAt(answers: Answers, group: GroupDefinition, name: string): FileRef[] {
  const slot = slotOf(answers, group, name);
  return slot ? filesOf(slot.scope[slot.fieldId]) : [];
}

/** The earlier documents a page chose, per file input (ids as posted: the caller checks they are the citizen's). */
export function postedReuses(group: GroupDefinition, posted: Posted): { name: string; field: FieldDefinition; fileIds: string[] }[] {
  const chosen = new Map<string, { name: string; field: FieldDefinition; fileIds: string[] }>();
  for (const [key, value] of Object.entries(posted)) {
    const match = /^(.+)\.reuse(?:\.([^.]+))?$/.exec(key);
    if (!match || value === undefined || value === '') continue;
    const name = match[1]!;
    const parts = name.split('.');
    const field = group.fields.find((f) => f.id === parts.at(-1) && f.type === 'file');
    const shaped = group.repeatable ? parts.length === 3 && parts[0] === group.id && /^\d{1,2}$/.test(parts[1]!) : parts.length === 1;
    if (!field || !shaped) continue;
    const fileId = match[2] ?? value;
    const entry = chosen.get(name) ?? { name, field, fileIds: [] };
    if (!entry.fileIds.includes(fileId)) entry.fileIds.push(fileId);
    chosen.set(name, entry);
  }
  return [...chosen.values()];
}

/** The answers with uploaded files added to the fields they were posted for (a field taking one file: replaced). */
export function withFiles(answers: Answers, group: GroupDefinition, uploads: readonly { name: string; file: FileRef }[]): Answers {
  const next = structuredClone(answers);
  for (const { name, file } of uploads) {
    const slot = slotOf(next, group, name);
    if (!slot) continue;
    const field = group.fields.find((f) => f.id === slot.fieldId)!;
    const max = field.maxFiles ?? 1;
    const kept = max === 1 ? [] : filesOf(slot.scope[slot.fieldId]);
    slot.scope[slot.fieldId] = [...kept, file].slice(-max);
  }
  return next;
}

function withoutFile(answers: Answers, group: GroupDefinition, name: string, fileId: string): Answers {
  const slot = slotOf(answers, group, name);
  if (!slot) return answers;
  const left = filesOf(slot.scope[slot.fieldId]).filter((f) => f.fileId !== fileId);
  if (left.length > 0) slot.scope[slot.fieldId] = left;
  else delete slot.scope[slot.fieldId];
  return answers;
}

/** The text an input shows for a raw answer (as typed, or as the validator cleaned it). */
export function inputText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
