#!/usr/bin/env node
// unit430 command-line entry. The sources are TypeScript; tsx's loader lets them run without a
// build step, so a fresh clone works after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
