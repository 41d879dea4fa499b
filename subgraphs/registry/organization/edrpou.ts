import { stdnum } from 'stdnum';
import { BadInputError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';

/**
 * An EDRPOU code: exactly 8 digits whose last is the check digit (weights 1–7, or 7,1–6
 * for codes from 30000000 to 60000000; the sum mod 11, retried with weights + 2 when it
 * is 10, where 10 then means 0). The check is python-stdnum's, through its maintained
 * JavaScript port `stdnum`; we only insist on the bare 8 digits it would also accept with
 * spaces in between.
 */
export function requireEdrpou(field: string, value: string): string {
  const code = value.trim();
  if (!/^\d{8}$/.test(code)) throw new BadInputError(field, message('edrpou.format'));
  if (!stdnum.UA.edrpou.validate(code).isValid) throw new BadInputError(field, message('edrpou.checkDigit', { code }));
  return code;
}
