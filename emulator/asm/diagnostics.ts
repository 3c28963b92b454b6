/**
 * Assembler error collection. Errors are reported only in the final pass, when every symbol
 * the statements can see is known, with the file, the 1-based line and the 1-based column of
 * the place they concern (style.md §10 item 14); a runaway source stops at MAX_ERRORS.
 */

import type { TextError } from './expr.js';
import { asmError, type Statement } from './source.js';
import type { AsmError } from './types.js';

const MAX_ERRORS = 500;

export class Diagnostics {
  readonly errors: AsmError[] = [];
  /** True in the final pass, the only one whose errors count. */
  final = false;

  /** Records an error at 0-based offset `at` of the statement's line (a bound function). */
  readonly report = (st: Statement, at: number, message: string, expected?: string): void => {
    if (!this.final) return;
    if (this.errors.length >= MAX_ERRORS) return;
    this.errors.push(asmError(st.file, st.line, at + 1, message, expected));
  };

  /** Records a parse or planning error found earlier at the statement. */
  reportText(st: Statement, err: TextError): void {
    this.report(st, err.at, err.message, err.expected);
  }
}

/** The errors without repeats of one message at one place, in first-seen order. */
export function dedupe(errors: readonly AsmError[]): AsmError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.file}:${e.line}:${e.column}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
