// The public list of information (Daftar Informasi Publik, DIP) of UU 14/2008 and Perki 1/2021, issue
// 21, DOMAIN.md §4. Owns information_items, information_documents and information_item_history
// (migration 0087). Design: docs/information-list.md. Promises the other modules:
//  - listInformation / getInformation: the items in force by class and agency, each with its
//    documents and, for berkala items, whether the six-monthly update is overdue (ctx.now());
//  - every change (create, edit, attach, mark updated, retire) leaves a history row and an audit event
//    in its transaction; exempt items' documents are never served to the public.
export { CLASSES, getInformation, type InformationItem, listInformation } from './service.js';
export { updateDueDay, updateStatus } from './overdue.js';
export { informationListModule } from './module.js';
export { seedDemoInformationList } from './seed.js';
