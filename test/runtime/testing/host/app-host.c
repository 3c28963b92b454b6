/*
 * Host driver for test/fixtures/images/app.c: the same C, compiled for the machine running the
 * tests (clang -O2 -fwrapv, see clang.spec.ts), so the MSP430 build can be compared with it.
 *
 * Reads one request per line on standard input and prints one result per line:
 *   d n a0 .. a(n-1) b0 .. b(n-1)   dot_q15(a, b, n)
 *   c x y                           classify(x, y)
 * app.c's own main is renamed app_main on the command line, so this file owns main.
 */
#include <stdint.h>
#include <stdio.h>

int16_t dot_q15(const int16_t *a, const int16_t *b, uint16_t n);
int16_t classify(int16_t x, int16_t y);

int main(void) {
  char op;
  while (scanf(" %c", &op) == 1) {
    if (op == 'd') {
      int16_t a[64], b[64];
      unsigned n;
      if (scanf("%u", &n) != 1 || n > 64) return 2;
      for (unsigned i = 0; i < n; i++) scanf("%hd", &a[i]);
      for (unsigned i = 0; i < n; i++) scanf("%hd", &b[i]);
      printf("%d\n", dot_q15(a, b, (uint16_t)n));
    } else if (op == 'c') {
      int x, y;
      if (scanf("%d %d", &x, &y) != 2) return 2;
      printf("%d\n", classify((int16_t)x, (int16_t)y));
    } else {
      return 2;
    }
  }
  return 0;
}
