// Days and moments in the cycle's time zone: what `--on` means and how days are counted across DST.
import { describe, expect, it } from 'vitest';
import { dayIn, daysBetween, endOfDayIn, InvalidMomentError, parseMoment } from '../../src/rules/index.js';

const NY = 'America/New_York';

describe('parseMoment (--on)', () => {
  // [input, the instant it means]
  // biome-ignore format: one line per case
  it.each<[string, string]>([
    ['2021-02-10', '2021-02-10T17:00:00.000Z'], // a bare date is noon in New York (EST, UTC-5)
    ['2021-07-01', '2021-07-01T16:00:00.000Z'], // noon EDT (UTC-4)
    ['2021-03-14', '2021-03-14T16:00:00.000Z'], // the spring-forward day: noon is already EDT
    ['2021-02-17T23:59', '2021-02-18T04:59:00.000Z'], // no offset: wall-clock time in New York
    ['2021-03-14T03:30:15', '2021-03-14T07:30:15.000Z'],
    ['2021-02-17T23:59:00-05:00', '2021-02-18T04:59:00.000Z'],
    ['2021-02-18T04:59Z', '2021-02-18T04:59:00.000Z'],
  ])('%s is %s', (input, iso) => {
    expect(parseMoment(input, NY).toISOString()).toBe(iso);
  });

  it.each(['2021-02-30', '2021-13-01', 'tomorrow', '2021-02-10T25:00', '10/02/2021', ''])(
    'rejects %j, quoting it',
    (input) => {
      expect(() => parseMoment(input, NY)).toThrow(InvalidMomentError);
      expect(() => parseMoment(input, NY)).toThrow(`got ${JSON.stringify(input)}`);
    },
  );
});

describe('days in the zone', () => {
  // [case, from, to, whole days]
  // biome-ignore format: one line per case
  it.each<[string, string, string, number]>([
    ['a week in winter', '2021-02-10', '2021-02-17', 7],
    ['over the 23-hour spring-forward day', '2021-03-13', '2021-03-15', 2],
    ['over the 25-hour fall-back day', '2021-11-06', '2021-11-08', 2],
    ['backwards', '2021-03-01', '2021-02-17', -12],
    ['the same day', '2021-02-17', '2021-02-17', 0],
  ])('%s', (_case, from, to, days) => {
    expect(daysBetween(from, to, NY)).toBe(days);
  });

  // [day, the midnight that ends it]
  // biome-ignore format: one line per case
  it.each<[string, string]>([
    ['2021-02-17', '2021-02-18T05:00:00.000Z'],
    ['2021-03-14', '2021-03-15T04:00:00.000Z'], // the day is 23 hours long
    ['2021-11-07', '2021-11-08T05:00:00.000Z'], // the day is 25 hours long
  ])('%s ends at %s', (day, iso) => {
    expect(new Date(endOfDayIn(day, NY).getTime()).toISOString()).toBe(iso);
  });

  it('reads the day of an instant in the zone, not in UTC', () => {
    expect(dayIn(new Date('2021-02-18T04:59:00Z'), NY)).toBe('2021-02-17');
    expect(dayIn(new Date('2021-02-18T05:00:00Z'), NY)).toBe('2021-02-18');
  });
});

describe('dayIn, asked again and again', () => {
  // The day as Intl reads it, without any cache.
  const intlDay = (t: number, zone: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(t);

  it.each([
    [NY, '2021-03-13T12:00:00Z'], // the eve of spring-forward
    [NY, '2021-11-06T12:00:00Z'], // the eve of fall-back
    ['Europe/London', '2021-03-27T12:00:00Z'],
    ['America/Santiago', '2021-09-03T12:00:00Z'], // DST begins at midnight: 00:00 does not exist
    ['America/Santiago', '2021-04-02T12:00:00Z'], // DST ends at midnight: 23:00 twice
    ['Asia/Kolkata', '2021-02-10T12:00:00Z'],
    ['UTC', '2021-02-10T12:00:00Z'],
  ])('in %s, from %s on for three days, reads every quarter hour as Intl does', (zone, fromIso) => {
    const from = Date.parse(fromIso);
    // A day asked in between, as the rules' date and the clock's are asked in turn.
    const other = from - 40 * 24 * 60 * 60 * 1000;
    for (let t = from; t < from + 3 * 24 * 60 * 60 * 1000; t += 15 * 60 * 1000) {
      expect(dayIn(new Date(other), zone)).toBe(intlDay(other, zone));
      // Each instant and the last millisecond before it, in order, as a DM asks "today" over and over.
      expect([dayIn(new Date(t - 1), zone), dayIn(new Date(t), zone)]).toEqual([
        intlDay(t - 1, zone),
        intlDay(t, zone),
      ]);
    }
  });
});
