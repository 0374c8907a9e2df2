#!/usr/bin/env node
// The `gerbang` command. Gerbang runs its TypeScript sources through tsx (no build step):
// see docs/decisions/0003-run-typescript-with-tsx.md.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
