// Suggestions grouped by topic (issue 21), by a rule a reader can check: a suggestion belongs to the
// element its respondent rated lowest, when exactly one element is lowest; when several share the
// lowest score (all nine equal included) it is "umum" (general). No guessing from the words: the
// respondent's own answers say what bothered them most. Pure; the migration 0089 back-fill computes
// the same in SQL (survey_responses.suggestion_topic), and the daily aggregates count each topic.
import { ELEMENTS, type ElementKey } from './ikm.js';

export const GENERAL_TOPIC = 'umum';
export const TOPICS = [...ELEMENTS, GENERAL_TOPIC] as const;
export type Topic = ElementKey | typeof GENERAL_TOPIC;

/** The aggregate column counting a topic's suggestions. */
export const topicColumn = (topic: Topic) => `sug_${topic}` as const;
export type TopicColumn = ReturnType<typeof topicColumn>;

/** The topic of a suggestion from its respondent's nine answers. */
export function topicOf(answers: Readonly<Record<ElementKey, number>>): Topic {
  const lowest = Math.min(...ELEMENTS.map((k) => answers[k]));
  const at = ELEMENTS.filter((k) => answers[k] === lowest);
  return at.length === 1 ? at[0]! : GENERAL_TOPIC;
}
