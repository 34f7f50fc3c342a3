/**
 * What a password must be. Length is what protects it (NIST SP 800-63B §5.1.1.2: at least 8
 * characters, at least 64 accepted, no composition rules); we ask 12, because officers' accounts
 * reach confidential criteria. A password may not contain the user name. Problems come in the
 * usual shape (pointer, value withheld, expectation), so screens show them beside the field.
 */
import type { Problem } from '../shared/error-codes.ts';

export const passwordMinLength = 12;
export const passwordMaxLength = 256;

/** Every problem with `password` for `username`; none when it is acceptable. Never throws. */
export function passwordProblems(password: string, username: string, path = '/password'): Problem[] {
  // Characters as a reader counts them (code points), not UTF-16 units.
  const length = Array.from(password).length;
  if (length < passwordMinLength || length > passwordMaxLength) {
    return [
      {
        path,
        value: null,
        code: 'password_length',
        params: { min: passwordMinLength, max: passwordMaxLength },
      },
    ];
  }
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name)) {
    return [{ path, value: null, code: 'password_contains_username' }];
  }
  return [];
}
