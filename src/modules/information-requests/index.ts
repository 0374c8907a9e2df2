// Public information requests (PPID), issue 21, DOMAIN.md §4 (UU 14/2008, Perki 1/2021). Owns
// information_requests, information_consequence_tests, information_objections and
// information_request_uploads (migration 0084), information_answer_files and information_answer_links
// (migration 0091). Design: docs/information-requests.md. Promises the
// other modules:
//  - createInformationRequest(ctx, input): a request with its registration number and its deadline of
//    10 working days on the tenant's calendar (complaints point requesters here instead of taking
//    information requests as complaints);
//  - getInformationRequestStatistics(ctx, { year }): the annual report's figures.
import './events.js'; // its notification events, registered with the notifications module
export { createInformationRequest, getInformationRequestStatistics, type InformationStatistics } from './service.js';
export { informationRequestsModule } from './module.js';
export { countOverdueInformationRequests, type InformationOfficerFigures, informationFiguresByOfficer } from './officer-figures.js';
export { type InformationDemoDeps, seedDemoInformationRequests } from './seed.js';
/** The page where a citizen asks for public information (relative to the tenant's base path). */
export const INFORMATION_REQUEST_PAGE = '/informasi-publik/permohonan';
