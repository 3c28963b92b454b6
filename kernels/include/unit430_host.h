/*
 * unit430 host port: exit code, character output, named profiling regions and timed interrupt
 * requests for programs run on the unit430 emulator. Not an FR5994 peripheral: on silicon these
 * addresses are vacant (reads 0x3FFF, writes ignored). Accesses cost zero cycles on the emulator
 * when made by a single instruction (e.g. UNIT430_ENTER("mac") compiles to one MOV #imm,&abs).
 * Register map and rules: emulator/peripherals/hostport.ts and docs/peripherals.md.
 */
#ifndef UNIT430_HOST_H
#define UNIT430_HOST_H

#define UNIT430_HOST_EXIT     (*(volatile unsigned int *)0x0FF0u)  /* W: stop with this code */
#define UNIT430_HOST_PUTC     (*(volatile unsigned char *)0x0FF2u) /* W: byte to host output */
#define UNIT430_HOST_ENTER    (*(volatile unsigned int *)0x0FF4u)  /* W: enter region named at addr */
#define UNIT430_HOST_LEAVE    (*(volatile unsigned int *)0x0FF6u)  /* W: leave region named at addr */
#define UNIT430_HOST_NAMEHI   (*(volatile unsigned int *)0x0FF8u)  /* RW: addr bits 19:16, next name */
#define UNIT430_HOST_IRQVEC   (*(volatile unsigned int *)0x0FFAu)  /* RW: vector for IRQAFTER */
#define UNIT430_HOST_IRQAFTER (*(volatile unsigned int *)0x0FFCu)  /* RW: raise IRQVEC in n cycles */
#define UNIT430_HOST_ID       (*(volatile unsigned int *)0x0FFEu)  /* R: 0x0430 when present */

#define UNIT430_HOST_ID_VALUE 0x0430u

/* Stop the run with an exit code. */
#define UNIT430_EXIT(code) (UNIT430_HOST_EXIT = (unsigned int)(code))

/* Profiling regions; `name` must be a string in the lower 64 KB (e.g. a literal in .rodata
   of a small-data build). For names above 64 KB write UNIT430_HOST_NAMEHI first. */
#define UNIT430_ENTER(name) (UNIT430_HOST_ENTER = (unsigned int)(unsigned long)(name))
#define UNIT430_LEAVE(name) (UNIT430_HOST_LEAVE = (unsigned int)(unsigned long)(name))

/* Request interrupt `vector` (its address, e.g. 0xFFEA) `cycles` MCLK cycles from now. */
#define UNIT430_IRQ_AFTER(vector, cycles)                                                          \
  do {                                                                                             \
    UNIT430_HOST_IRQVEC = (unsigned int)(vector);                                                  \
    UNIT430_HOST_IRQAFTER = (unsigned int)(cycles);                                                \
  } while (0)

#endif /* UNIT430_HOST_H */
