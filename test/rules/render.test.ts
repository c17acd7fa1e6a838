// The plain-text answer a person reads in the terminal.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import type { Profile } from '../../src/content/profile.js';
import { evaluateStatus, parseMoment, REQUIRED_HEADLINE, renderStatusText } from '../../src/rules/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const render = (profile: Profile, day: string) =>
  renderStatusText(evaluateStatus(profile, content, parseMoment(day, 'America/New_York')), content).split(
    '\n',
  );
// Onboarded before the cutoff: "Yes" is then the whole answer (without a start date it depends on it).
const paidStaff: Profile = { role: 'staff', area: 'school', paid: true, startDate: '2015-07-01' };
/** The first line when the start date is not given (FAQ recent-onboarding, requirement question 4). */
const YES_UNLESS_ONBOARDED =
  'Do you need to take it? Yes, unless you were onboarded on or after July 1st, 2020 (FAQ requirement question 4).';

describe('renderStatusText', () => {
  // [case, profile, day, first line, a line that must appear]
  // biome-ignore format: one line per case
  it.each<[string, Profile, string, string, string]>([
    ['open', paidStaff, '2021-02-10', REQUIRED_HEADLINE.yes, 'Open now: 7 days left. The deadline is the end of Wednesday, February 17, 2021 (America/New_York time).'],
    ['due today', paidStaff, '2021-02-17', REQUIRED_HEADLINE.yes, 'Due today: the deadline is the end of today, Wednesday, February 17, 2021 (America/New_York time).'],
    ['overdue, one day', paidStaff, '2021-02-18', REQUIRED_HEADLINE.yes, 'Overdue by 1 day: the deadline was the end of Wednesday, February 17, 2021 (America/New_York time).'],
    ['not open yet', { role: 'graduate_student', studyYear: 3 }, '2021-03-01', REQUIRED_HEADLINE.yes, 'Your window opens on Monday, April 5, 2021; the deadline is the end of Friday, May 7, 2021 (America/New_York time).'],
    ['completed', { ...paidStaff, completed: { module: 'C', on: '2021-01-20' } }, '2021-02-10', REQUIRED_HEADLINE.yes, 'Completed on Wednesday, January 20, 2021 (Course C): nothing more to do.'],
    ['not required', { ...paidStaff, appointmentEnd: '2021-02-01' }, '2021-02-10', REQUIRED_HEADLINE.no, '- the training roster contact (address not yet published): Your appointment expires on or before your group\'s deadline, so you can be removed from the roster'],
    ['unknown year of study', { role: 'graduate_student' }, '2021-03-01', REQUIRED_HEADLINE.unknown, 'To tell whether you need to take it, I need your year of study.'],
    ['unknown area', { role: 'staff', paid: true, startDate: '2015-07-01' }, '2021-03-01', REQUIRED_HEADLINE.yes, 'To tell your window and deadline, I need where your appointment sits (a school, the VP for Research, or central and academic administration).'],
    ['no start date: it depends on the onboarding', { role: 'staff', area: 'school', paid: true }, '2021-02-10', YES_UNLESS_ONBOARDED, '- An online training completed as part of new employee onboarding before July 1st, 2020 does not exempt you: only employees onboarded on or after July 1st, 2020 are exempt. [FAQ requirement question 4]'],
  ])('%s', (_case, profile, day, first, line) => {
    const lines = render(profile, day);
    expect(lines[0]).toBe(first);
    expect(lines).toContain(line);
  });

  it('cites the FAQ question each reason comes from', () => {
    expect(render({ ...paidStaff, appointmentEnd: '2021-02-01' }, '2021-02-10')[1]).toMatch(
      /^- Your appointment expires on or before your group's deadline.*\[FAQ requirement question 6\]$/,
    );
  });

  it('shows no window to someone who is not required', () => {
    expect(render({ role: 'faculty', paid: false }, '2021-02-10').join('\n')).not.toMatch(
      /window|deadline is/i,
    );
  });
});
