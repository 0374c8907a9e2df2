// Satisfaction surveys (SKM) and the satisfaction index (IKM), issue 21, DOMAIN.md §2 (PermenPANRB
// 14/2017). Owns survey_invitations, survey_responses, survey_daily (migration 0076), survey_follow_ups
// (0089) and survey_kiosk_codes (0090). Design:
// docs/surveys.md. Promises the other modules:
//  - an application closed with the service delivered invites its applicant (its applications hook,
//    in the closing transaction; the job `surveys.invite` notifies them);
//  - getIkm(ctx, { agency?, service?, from, to }): the index of a period, read from daily aggregates
//  - getIkmByAgency(ctx, { from, to }): every agency's index of a period in one statement (league tables)
//    kept in the transaction of every response.
import './events.js'; // its notification event, registered with the notifications module
export { computeIkm, ELEMENTS, type ElementKey, gradeOf, minimumSample } from './ikm.js';
export { getIkm, getIkmByAgency, type IkmReport, INVITE_JOB, submitSurveyResponse } from './service.js';
export { importSurveyResponses } from './import.js';
export { TOPICS } from './topics.js';
export { surveyJobHandlers, surveysModule } from './module.js';
export { seedDemoSurveys } from './seed.js';
