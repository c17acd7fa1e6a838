// `/harassment-training <subcommand> [args]`: the subcommand registry. The built-in ones live in bot.ts; the
// admin ones (`remind`, `report`) in their own files, passed to createBot with an `allowed` check.
import type { Reply } from '../../text/reply.js';
import type { Viewer } from '../viewer.js';

export interface Subcommand {
  /** The first word after the command, lower case. */
  name: string;
  /** As shown in help after the command: `ask <question>`. */
  usage: string;
  description: string;
  /** Who may use it (and see it in help); everyone when absent. */
  allowed?: (viewer: Viewer) => boolean;
  /** True when typing the bare word in a DM runs it (it needs no arguments and answers with a message). */
  bare?: boolean;
  run(viewer: Viewer, args: string): Reply | Promise<Reply>;
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
