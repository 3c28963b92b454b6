// docs/testing-kernels.md shows the tutorial's kernel and test in full; each listing marked
// `<!-- file: path -->` must be that file as it is, so the page cannot drift from the code CI runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const PAGE = readFileSync(join(ROOT, 'docs/testing-kernels.md'), 'utf8');
const LISTING = /<!-- file: (\S+) -->\s*```\w*\n([\s\S]*?)```/g;
const listings = [...PAGE.matchAll(LISTING)].map((m) => [m[1]!, m[2]!] as const);

describe('docs/testing-kernels.md', () => {
  it('shows the tutorial kernel and its test', () => {
    expect(listings.map(([path]) => path)).toEqual([
      'kernels/examples/dot_sat.s',
      'test/tutorial/dot-sat.spec.ts',
    ]);
  });

  it.each(listings)('shows %s as it is', (path, text) => {
    expect(text).toBe(readFileSync(join(ROOT, path), 'utf8'));
  });
});
