/**
 * Conditional assembly: `.if expr`, `.ifdef sym`, `.ifndef sym`, `.elseif expr`, `.else`,
 * `.endif` (GNU as). The condition is evaluated in every pass from what is defined above it
 * (`.equ`, `defines`): a value that depends on a later label is an error, because the branch
 * taken could change the layout that decided it. Labels and directives in a branch not taken
 * are ignored.
 */

import type { Statement } from './source.js';

/** Conditional-assembly directives, handled before the active test. */
export const CONDITIONALS: ReadonlySet<string> = new Set([
  '.if',
  '.ifdef',
  '.ifndef',
  '.elseif',
  '.else',
  '.endif',
]);

/** The directives that open a block, and the test `.elseif` repeats. */
export type ConditionKind = '.if' | '.ifdef' | '.ifndef';

type Report = (st: Statement, at: number, message: string, expected?: string) => void;

/** One open `.if`: whether its enclosing code is active, whether a branch was taken. */
interface Cond {
  readonly op: string;
  readonly st: Statement;
  readonly outer: boolean;
  now: boolean;
  taken: boolean;
  sawElse: boolean;
}

function opensBlock(name: string): name is ConditionKind {
  return name === '.if' || name === '.ifdef' || name === '.ifndef';
}

/** The open `.if` blocks of one pass, innermost last. */
export class Conditionals {
  private open: Cond[] = [];

  startPass(): void {
    this.open = [];
  }

  /** True when the statements at this point are assembled (every enclosing branch is taken). */
  active(): boolean {
    const top = this.open[this.open.length - 1];
    return top === undefined || top.now;
  }

  /** Applies one conditional directive; `test` is called only where its answer matters. */
  apply(name: string, st: Statement, test: (kind: ConditionKind) => boolean, report: Report): void {
    const top = this.open[this.open.length - 1];
    const outer = this.active();
    if (opensBlock(name)) {
      const value = outer ? test(name) : false;
      this.open.push({ op: name, st, outer, now: outer && value, taken: value, sawElse: false });
      return;
    }
    if (top === undefined) {
      report(st, st.opAt, `${name} without .if`);
      return;
    }
    if (name === '.endif') {
      this.open.pop();
      return;
    }
    if (top.sawElse) {
      report(st, st.opAt, `${name} after .else`, '.endif');
      top.now = false;
      return;
    }
    if (name === '.else') {
      top.sawElse = true;
      top.now = top.outer && !top.taken;
      top.taken = true;
      return;
    }
    // .elseif
    const value = top.outer && !top.taken ? test('.if') : false;
    top.now = top.outer && !top.taken && value;
    top.taken ||= value;
  }

  /** Reports every block still open at the end of the source. */
  reportUnclosed(report: Report): void {
    for (const c of this.open) report(c.st, c.st.opAt, `${c.op} without .endif`, '.endif');
  }
}
