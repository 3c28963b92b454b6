/** The FR5994 system bus and memory-map description. */

export * from './memory-map.js';
export * from './bus.js';
