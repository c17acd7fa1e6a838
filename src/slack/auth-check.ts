// Whether Slack takes the bot token: auth.test at start-up decides (a refused token stops the app with one
// line), then every few minutes while running, for /healthz.

import { AppError } from '../errors.js';
import { createSlackCaller } from './web-api/index.js';

/** Slack's answers that mean the token itself is no good: nothing the app does will work until it is fixed. */
export const REFUSED_TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'not_allowed_token_type',
]);

export type AuthResult =
  | { kind: 'ok'; botId: string; botUserId: string; team: string }
  | { kind: 'refused'; error: string }
  /** Slack could not be asked (network, 5xx, rate limit): the app may start and ask again. */
  | { kind: 'unreachable'; error: string };

export class RefusedTokenError extends AppError {
  static override readonly code = 'slack_token_refused';
  static override readonly expected = true;
  override name = 'RefusedTokenError';
  constructor(readonly slackError: string) {
    super(
      `SLACK_BOT_TOKEN: Slack refused the bot token (${slackError}); copy the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions" again, or reinstall the app.`,
    );
  }
}

export async function checkAuth(options: {
  token: string;
  apiUrl: string;
  timeoutMs: number;
}): Promise<AuthResult> {
  const result = await createSlackCaller(options).call('auth.test', {});
  if (result.ok) {
    return {
      kind: 'ok',
      botId: String(result.data['bot_id'] ?? ''),
      botUserId: String(result.data['user_id'] ?? ''),
      team: String(result.data['team'] ?? ''),
    };
  }
  return REFUSED_TOKEN_ERRORS.has(result.error)
    ? { kind: 'refused', error: result.error }
    : { kind: 'unreachable', error: result.error };
}
