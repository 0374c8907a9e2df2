// The topic of a suggestion, as a table: the one lowest element, else "umum".
import { describe, expect, it } from 'vitest';
import { ELEMENTS, type ElementKey } from './ikm.js';
import { topicOf } from './topics.js';

const answers = (low: Partial<Record<ElementKey, number>>, rest = 4) => ({ ...Object.fromEntries(ELEMENTS.map((k) => [k, rest])), ...low }) as Record<ElementKey, number>;

describe('topicOf', () => {
  it.each([
    ['one element lowest', answers({ waktu: 2 }), 'waktu'],
    ['the last element lowest', answers({ sarana: 1 }), 'sarana'],
    ['one lowest among several low', answers({ biaya: 1, waktu: 2, prosedur: 2 }), 'biaya'],
    ['two equally lowest', answers({ waktu: 2, pengaduan: 2 }), 'umum'],
    ['all nine equal (all 4)', answers({}), 'umum'],
    ['all nine equal (all 1)', answers({}, 1), 'umum'],
    ['one higher, the rest equally low', answers({ perilaku: 4 }, 2), 'umum'],
  ])('%s', (_name, given, topic) => {
    expect(topicOf(given)).toBe(topic);
  });
});
