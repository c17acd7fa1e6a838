// `/harassment-training <subcommand> [args]`: the subcommand registry. The built-in ones live in bot.ts;
// admin subcommands (issue 7) are passed in as more entries with an `allowed` check.
import type { BotReply } from './bot.js';
import type { Viewer } from './viewer.js';

export interface Subcommand {
  /** The first word after the command, lower case. */
  name: string;
  /** As shown in help after the command: `ask <question>`. */
  usage: string;
  description: string;
  /** Who may use it (and see it in help); everyone when absent. */
  allowed?: (viewer: Viewer) => boolean;
  run(viewer: Viewer, args: string): BotReply | Promise<BotReply>;
}

/** `"  Ask   do I need it? "` → `{ name: 'ask', args: 'do I need it?' }`. */
export function parseSubcommand(text: string): { name: string; args: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { name: '', args: '' };
  return { name: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() };
}

export function visibleSubcommands(all: readonly Subcommand[], viewer: Viewer): Subcommand[] {
  return all.filter((s) => s.allowed?.(viewer) ?? true);
}

/** Access checks for admin subcommands (grants from the store, by email). */
export function isAdmin(viewer: Viewer): boolean {
  return viewer.grants.some((g) => g.role === 'admin');
}

export function adminDepartments(viewer: Viewer): string[] {
  return viewer.grants.flatMap((g) => (g.role === 'dept-admin' ? [g.department] : []));
}
