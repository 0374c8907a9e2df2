// The ordered list of migrations. Forward-only: never edit one that has shipped; add the next file.
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_notifications.js';
import * as m0003 from './0003_notification_templates.js';
import * as m0004 from './0004_notification_delivery.js';
import * as m0005 from './0005_identity_core.js';
import * as m0006 from './0006_identity_registry_codes.js';
import * as m0007 from './0007_identity_accounts.js';
import * as m0010 from './0010_notification_inbox.js';
import * as m0011 from './0011_notification_preferences.js';
import * as m0012 from './0012_notification_refs.js';
import * as m0015 from './0015_catalog.js';
import * as m0020 from './0020_complaints.js';
import * as m0030 from './0030_audit_pending.js';
import * as m0040 from './0040_identity_data_request_resolution.js';
import * as m0041 from './0041_altcha_replays.js';
import * as m0042 from './0042_complaint_routing_training.js';
import * as m0043 from './0043_identity_assisted_sessions.js';
import * as m0044 from './0044_rate_limits_unlogged.js';
import * as m0045 from './0045_complaint_without_proof.js';
import * as m0046 from './0046_complaint_answer_attachments.js';
import * as m0047 from './0047_idempotency_records.js';
import * as m0048 from './0048_complaint_events_by_time.js';
import * as m0049 from './0049_files.js';
import * as m0050 from './0050_applications.js';
import * as m0051 from './0051_tenant_area.js';
import * as m0052 from './0052_complaint_publication.js';
import * as m0053 from './0053_application_queue_indexes.js';
import * as m0055 from './0055_passkeys.js';
import * as m0056 from './0056_oidc.js';
import * as m0057 from './0057_citizens_installation_wide.js';
import * as m0058 from './0058_personal_data_rights.js';
import * as m0059 from './0059_assurance_raises_tenant_parent.js';
import * as m0060 from './0060_payments.js';
import * as m0061 from './0061_payment_sandbox.js';
import * as m0065 from './0065_documents.js';
import * as m0066 from './0066_citizen_passkeys_installation_wide.js';
import * as m0072 from './0072_document_kinds.js';
import * as m0074 from './0074_document_share_links.js';
import * as m0075 from './0075_documents_officer_list.js';
import * as m0076 from './0076_surveys.js';
import * as m0080 from './0080_application_queue_paused.js';
import * as m0081 from './0081_document_by_code.js';
import * as m0082 from './0082_payment_notification_inbox.js';
import * as m0084 from './0084_information_requests.js';
import * as m0087 from './0087_information_list.js';
import * as m0089 from './0089_survey_topics_and_follow_ups.js';
import * as m0090 from './0090_survey_kiosk_codes.js';
import * as m0091 from './0091_information_answer_files.js';
import * as m0092 from './0092_transparency.js';
import * as m0094 from './0094_open_data.js';
import * as m0096 from './0096_oversight.js';
import * as m0098 from './0098_waiting_rooms.js';
import * as m0100 from './0100_transparency_indicators.js';
import * as m0102 from './0102_information_decided_by.js';
import * as m0103 from './0103_transparency_resume.js';

export const migrations = {
  '0001_platform': m0001,
  '0002_notifications': m0002,
  '0003_notification_templates': m0003,
  '0004_notification_delivery': m0004,
  '0005_identity_core': m0005,
  '0006_identity_registry_codes': m0006,
  '0007_identity_accounts': m0007,
  '0010_notification_inbox': m0010,
  '0011_notification_preferences': m0011,
  '0012_notification_refs': m0012,
  '0015_catalog': m0015,
  '0020_complaints': m0020,
  '0030_audit_pending': m0030,
  '0040_identity_data_request_resolution': m0040,
  '0041_altcha_replays': m0041,
  '0042_complaint_routing_training': m0042,
  '0043_identity_assisted_sessions': m0043,
  '0044_rate_limits_unlogged': m0044,
  '0045_complaint_without_proof': m0045,
  '0046_complaint_answer_attachments': m0046,
  '0047_idempotency_records': m0047,
  '0048_complaint_events_by_time': m0048,
  '0049_files': m0049,
  '0050_applications': m0050,
  '0051_tenant_area': m0051,
  '0052_complaint_publication': m0052,
  '0053_application_queue_indexes': m0053,
  '0055_passkeys': m0055,
  '0056_oidc': m0056,
  '0057_citizens_installation_wide': m0057,
  '0058_personal_data_rights': m0058,
  '0059_assurance_raises_tenant_parent': m0059,
  '0060_payments': m0060,
  '0061_payment_sandbox': m0061,
  '0065_documents': m0065,
  '0066_citizen_passkeys_installation_wide': m0066,
  '0072_document_kinds': m0072,
  '0074_document_share_links': m0074,
  '0075_documents_officer_list': m0075,
  '0076_surveys': m0076,
  '0080_application_queue_paused': m0080,
  '0081_document_by_code': m0081,
  '0082_payment_notification_inbox': m0082,
  '0084_information_requests': m0084,
  '0087_information_list': m0087,
  '0089_survey_topics_and_follow_ups': m0089,
  '0090_survey_kiosk_codes': m0090,
  '0091_information_answer_files': m0091,
  '0092_transparency': m0092,
  '0094_open_data': m0094,
  '0096_oversight': m0096,
  '0098_waiting_rooms': m0098,
  '0100_transparency_indicators': m0100,
  '0102_information_decided_by': m0102,
  '0103_transparency_resume': m0103,
};
