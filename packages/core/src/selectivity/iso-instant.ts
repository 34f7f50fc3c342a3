/**
 * An instant (milliseconds since the epoch) as an ISO 8601 UTC string, exactly as
 * `Date.prototype.toISOString` writes it, computed with integer arithmetic (the civil-from-days
 * algorithm of Howard Hinnant): every assessment records its instant, and the built-in
 * conversion is among the slowest steps of an assessment. The text up to the minute is kept
 * from one call to the next (consecutive assessments share it), and seconds and milliseconds
 * come from tables of their texts, so that a call joins three strings and converts no number.
 */

const minute = 60_000;
/** 1000-01-01 and 9999-12-31T23:59:59.999Z: four-digit years, written without sign. */
const earliest = -30_610_224_000_000;
const latest = 253_402_300_799_999;

/** "00" to "99". */
const twoDigits: readonly string[] = Array.from({ length: 100 }, (_, value) =>
  String(value).padStart(2, '0'),
);
/** "SS." for each second. */
const secondTexts: readonly string[] = twoDigits.slice(0, 60).map((text) => `${text}.`);
/** "mmmZ" for each millisecond. */
const millisecondTexts: readonly string[] = Array.from(
  { length: 1000 },
  (_, value) => `${String(value).padStart(3, '0')}Z`,
);

/** The minute of the last instant written, and its "YYYY-MM-DDTHH:MM:": consecutive assessments share it. */
let cachedMinute = Number.NaN;
let cachedMinuteText = '';

function datePart(days: number): string {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${twoDigits[month] as string}-${twoDigits[dayOfMonth] as string}T`;
}

/** "YYYY-MM-DDTHH:MM:" of a minute since the epoch. */
function minutePart(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const ofDay = minutes - days * 1440;
  const hours = Math.floor(ofDay / 60);
  return `${datePart(days)}${twoDigits[hours] as string}:${twoDigits[ofDay - hours * 60] as string}:`;
}

/** The ISO 8601 UTC form of an instant; throws RangeError on NaN, as `toISOString` does. */
export function isoInstant(milliseconds: number): string {
  if (!Number.isInteger(milliseconds) || milliseconds < earliest || milliseconds > latest) {
    return new Date(milliseconds).toISOString();
  }
  const minutes = Math.floor(milliseconds / minute);
  if (minutes !== cachedMinute) {
    cachedMinuteText = minutePart(minutes);
    cachedMinute = minutes;
  }
  const rest = milliseconds - minutes * minute;
  const seconds = Math.floor(rest / 1000);
  return (
    cachedMinuteText + (secondTexts[seconds] as string) + (millisecondTexts[rest - seconds * 1000] as string)
  );
}
