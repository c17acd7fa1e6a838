// `content check`: every problem in the content, plus the placeholders someone still has to fill in.
import { type ContentIssue, inspectContent, type LoadResult, lineOf, type PathSegment } from './load.js';

export interface Placeholder {
  file: string;
  line: number;
  what: string;
}

export interface CheckReport {
  issues: ContentIssue[];
  placeholders: Placeholder[];
}

export function checkContent(dir: string): CheckReport {
  const result = inspectContent(dir);
  return { issues: result.issues, placeholders: result.content ? findPlaceholders(result) : [] };
}

/** Fields the source leaves blank: shipped empty on purpose, listed until someone fills them in. */
function findPlaceholders({ content, sources }: LoadResult): Placeholder[] {
  if (!content) return [];
  const found: Placeholder[] = [];
  const add = (key: keyof typeof sources, path: PathSegment[], what: string) => {
    const source = sources[key];
    if (source) found.push({ file: source.file, line: lineOf(source, path), what });
  };
  content.contacts.contacts.forEach((contact, i) => {
    if (contact.email === null && contact.url === null) {
      add(
        'contacts',
        ['contacts', i, 'email'],
        `contact "${contact.id}" (${contact.purpose}) has no address`,
      );
    }
  });
  content.modules.modules.forEach((module, i) => {
    if (module.title === null) add('modules', ['modules', i, 'title'], `module ${module.id} has no title`);
  });
  if (content.modules.course.url === null) {
    add('modules', ['course', 'url'], `the course "${content.modules.course.name}" has no link`);
  }
  content.resources.resources.forEach((resource, i) => {
    if (resource.url === null && resource.contact === undefined) {
      add('resources', ['resources', i, 'url'], `resource "${resource.id}" has no link or contact`);
    }
  });
  return found;
}
