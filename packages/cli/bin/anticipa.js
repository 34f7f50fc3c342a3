#!/usr/bin/env node
// The `anticipa` command. The sources are TypeScript, run through tsx's loader, so that the
// product needs no build step between `npm install` and use.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
