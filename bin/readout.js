#!/usr/bin/env node
// Runs Readout's TypeScript CLI through tsx, so that `npx readout` works without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
