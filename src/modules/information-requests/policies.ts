// Who may call what in the information-requests module (the one policy table: platform/auth/policy.ts).
// The tenant's requests go to its PPID: any officer holding the `ppid` role handles them; objections go
// to the atasan PPID (`ppid_superior`, tenant-wide).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** Asking (a citizen, online) or recording a request received on paper (the PPID). */
  'information.request': { citizen: true, roles: ['ppid'] },
  /** A legal entity's identity document, uploaded by the citizen acting for it. */
  'information.upload': { citizen: true },
  /** One request: its citizen (the service checks it is theirs: 404 otherwise), the PPID, the superior. */
  'information.view': { citizen: true, roles: ['ppid', 'ppid_superior'] },
  /** The officer's page of one request and the year's figures: the PPID and the superior. */
  'information.officer_view': { roles: ['ppid', 'ppid_superior'] },
  /** The queue, extensions, decisions and consequence tests. */
  'information.handle': { roles: ['ppid'] },
  /** Filing an objection: the requester (their own), or the PPID recording one received on paper. */
  'information.object': { citizen: true, roles: ['ppid'] },
  /** Answering objections: the atasan PPID. */
  'information.superior': { roles: ['ppid_superior'] },
  /** An answer file: its requester (the service checks the request is theirs: 404 otherwise), the PPID, the superior, the auditor. */
  'information.answer_file': { citizen: true, roles: ['ppid', 'ppid_superior', 'auditor'] },
  /** An answer link's page and downloads: whoever holds the link (its token is the credential). */
  'information.answer_link': { anonymous: true },
  /** The annual figures: public (UU 14/2008 Pasal 7 and Perki 1/2021 require the report to be published). */
  'information.statistics': { anonymous: true },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type InformationPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends InformationPolicies {}
}
