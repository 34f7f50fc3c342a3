/**
 * An instant (milliseconds since the epoch) as an ISO 8601 UTC string, exactly as
 * `Date.prototype.toISOString` writes it, computed with integer arithmetic (the civil-from-days
 * algorithm of Howard Hinnant): every assessment records its instant, and the built-in
 * conversion is among the slowest steps of an assessment.
 */

const day = 86_400_000;
/** 1000-01-01 and 9999-12-31T23:59:59.999Z: four-digit years, written without sign. */
const earliest = -30_610_224_000_000;
const latest = 253_402_300_799_999;

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

/** The day of the last instant written, and its "YYYY-MM-DDT": consecutive assessments share their day. */
let cachedDay = Number.NaN;
let cachedDate = '';

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
  return `${year}-${two(month)}-${two(dayOfMonth)}T`;
}

/** The ISO 8601 UTC form of an instant; throws RangeError on NaN, as `toISOString` does. */
export function isoInstant(milliseconds: number): string {
  if (!Number.isInteger(milliseconds) || milliseconds < earliest || milliseconds > latest) {
    return new Date(milliseconds).toISOString();
  }
  const days = Math.floor(milliseconds / day);
  if (days !== cachedDay) {
    cachedDate = datePart(days);
    cachedDay = days;
  }
  let rest = milliseconds - days * day;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const fraction = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${cachedDate}${two(hours)}:${two(minutes)}:${two(seconds)}.${fraction}Z`;
}
