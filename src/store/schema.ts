// The tables as kysely sees them (the columns of src/store/migrations.ts), for the repositories moved to it.
import type { Generated } from 'kysely';

export interface Schema {
  slack_event_ids: { event_id: string; seen_at: number };
  leases: { name: string; holder: string; expires_at: number };
  send_pace: { name: string; next_at: number };
  faq_feedback: { faq_id: string; helpful: Generated<number>; unhelpful: Generated<number> };
  feedback_ballots: { message: string; voter: string; faq_id: string; vote: 'up' | 'down' };
}
