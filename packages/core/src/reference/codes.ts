/**
 * Checks of the international code lists that intake speaks: ISO 3166-1 countries, ISO 4217
 * currencies, UN/LOCODE places, IMO ship numbers and ISO 6346 container numbers. Pure functions.
 */
import countries from 'i18n-iso-countries';
import currencyCodes from 'currency-codes';

const countryCodes = new Set(Object.keys(countries.getAlpha2Codes()));
const currencySet = new Set(currencyCodes.codes());

/** ISO 3166-1 alpha-2, upper case. `isCountryCode('SN')` is true, `isCountryCode('XX')` false. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countryCodes.has(code);
}

/** ISO 4217 alphabetic code, upper case. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencySet.has(code);
}

/**
 * UN/LOCODE: an ISO 3166-1 country code and three characters from A-Z and 2-9
 * (UNECE Recommendation 16: the digits 0 and 1 are not used, to avoid confusion with O and I).
 * The full code list is not shipped; the country part is checked against ISO 3166-1.
 */
export function isUnLocode(code: string): boolean {
  return /^[A-Z]{2}[A-Z2-9]{3}$/.test(code) && isCountryCode(code.slice(0, 2));
}

/**
 * IMO ship identification number (IMO Resolution A.1078(28)): seven digits, the last a check
 * digit equal to the last digit of the sum of the first six each multiplied by 7, 6, 5, 4, 3, 2.
 * @example isImoNumber('9074729') // true
 */
export function isImoNumber(value: string): boolean {
  const digits = /^(?:IMO ?)?(\d{7})$/.exec(value)?.[1];
  if (!digits) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(digits[i]) * (7 - i);
  return sum % 10 === Number(digits[6]);
}

/**
 * ISO 6346 container number: three-letter owner code, category (U, J or Z), six digits, check
 * digit. Letters take the values 10-38 skipping multiples of 11; each of the ten characters is
 * weighted by 2^position; the check digit is the sum modulo 11, with 10 written as 0.
 * @example isContainerNumber('CSQU3054383') // true
 */
export function isContainerNumber(value: string): boolean {
  if (!/^[A-Z]{3}[UJZ]\d{7}$/.test(value)) return false;
  return containerCheckDigit(value.slice(0, 10)) === Number(value[10]);
}

/** The ISO 6346 check digit of the first ten characters of a container number. */
export function containerCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = firstTen.charAt(i);
    const value = /\d/.test(ch) ? Number(ch) : letterValue(ch);
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

function letterValue(letter: string): number {
  // A=10, then each next letter +1, skipping 11, 22 and 33 (multiples of 11).
  let value = 10;
  for (let code = 'A'.charCodeAt(0); code < letter.charCodeAt(0); code++) {
    value += 1;
    if (value % 11 === 0) value += 1;
  }
  return value;
}

/** The check digit that makes a six-digit IMO prefix valid (for generated demo ships). */
export function imoCheckDigit(firstSix: string): number {
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(firstSix[i]) * (7 - i);
  return sum % 10;
}
