/**
 * Typed results shared by every layer of unit430.
 *
 * Library code never throws for bad input and never prints: it returns a `Result` whose failure
 * side carries typed problems with a location, and only the CLI turns them into text and exit
 * codes.
 */

export type Result<T, E> = { readonly ok: true; readonly value: T } | Failure<E>;

export interface Failure<E> {
  readonly ok: false;
  readonly errors: readonly E[];
}

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<E>(...errors: E[]): Failure<E> {
  return { ok: false, errors };
}

/** A place in a text file: 1-based line and column, as editors show them. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}
