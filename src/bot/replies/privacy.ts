// The privacy notice shown on the App Home, in help and with a person's first DM.
import { note, type Part } from '../../text/reply.js';

/** The notice as one note, each line its own item. */
export function privacyNote(lines: readonly string[]): Part {
  return note(...lines);
}
