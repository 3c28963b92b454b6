/**
 * unit430's emulator: the public, browser-safe entry point (`import … from 'unit430'`).
 *
 * Layers from the ground up: the instruction set, memory images, the assembler and
 * disassembler, the FR5994 machine and the observers that listen to it. Node-only helpers (file
 * loading) live in `runtime/`.
 */

export * from './result.js';
export * as isa from './isa/index.js';
export * as image from './image/index.js';
export * as asm from './asm/index.js';
export * from './machine/index.js';
export * from './energy/index.js';
