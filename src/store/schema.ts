// The tables as kysely sees them (the columns of src/store/migrations.ts). Flags are 0/1 integers on both
// engines; times are ISO strings except the millisecond counters (BIGINT, read as numbers).
import type { Generated } from 'kysely';

export interface PeopleTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  role: string;
  paid: number | null;
  study_year: number | null;
  start_date: string | null;
  appointment_end: string | null;
  leave: string | null;
  graduating: number | null;
  area: string | null;
  group_id: string | null;
  department: string | null;
  supervisor: number | null;
  slack_user_id: string | null;
  slack_linked_at: string | null;
  active: Generated<number>;
  last_seen_in_roster: string | null;
  role_start: string | null;
  seasonal: number | null;
  hours_worked: number | null;
  time_zone: string | null;
}

export interface Schema {
  people: PeopleTable;
  completions: { person_id: number; cycle: string; module: string; completed_on: string };
  access_grants: {
    email: string;
    role: 'admin' | 'dept-admin';
    department: Generated<string>;
    granted_at: string;
  };
  roster_imports: {
    id: Generated<number>;
    file: string;
    imported_at: string;
    added: number;
    updated: number;
    deactivated: number;
    unchanged: number;
  };
  completion_imports: {
    id: Generated<number>;
    file: string;
    imported_at: string;
    rows: number;
    recorded: number;
    earlier: number;
    unchanged: number;
    unknown: number;
  };
  campaigns: {
    id: Generated<number>;
    kind: 'reminder' | 'announcement';
    created_by: string;
    created_at: string;
    spec_json: string;
    dry_run: Generated<number>;
    finished_at: string | null;
    schedule_key: string | null;
    recipients: Generated<number>;
    progress_channel: string | null;
    progress_ts: string | null;
    stopped_reason: string | null;
  };
  deliveries: {
    id: Generated<number>;
    campaign_id: number;
    person_id: number | null;
    target: string | null;
    status: Generated<'pending' | 'sending' | 'sent' | 'skipped' | 'failed'>;
    reason: string | null;
    attempts: Generated<number>;
    attempt_key: string | null;
    claimed_at: string | null;
    message_ts: string | null;
    updated_at: string;
    time_zone: string | null;
    send_after: string | null;
  };
  missed_questions: {
    id: Generated<number>;
    text: string;
    reason: 'unknown' | 'unhelpful';
    faq_id: string | null;
    day: string;
  };
  answer_counts: { day: string; kind: string; count: Generated<number> };
  privacy_notice_shown: { slack_user_id: string };
  slack_directory: {
    user_id: string;
    email: string | null;
    deleted: number;
    is_bot: number;
    tz: string | null;
  };
  slack_directory_sync: { id: number; synced_at: string; members: number };
  snapshots: {
    id: Generated<number>;
    cycle: string;
    day: string;
    taken_at: string;
    reason: 'import' | 'daily' | 'reconstructed';
  };
  snapshot_counts: {
    snapshot_id: number;
    group_id: string;
    department: string;
    required: number;
    completed: number;
    overdue: number;
  };
  slack_event_ids: { event_id: string; seen_at: number };
  leases: { name: string; holder: string; expires_at: number };
  send_pace: { name: string; next_at: number };
  faq_feedback: { faq_id: string; helpful: Generated<number>; unhelpful: Generated<number> };
  feedback_ballots: { message: string; voter: string; faq_id: string; vote: 'up' | 'down' };
}
