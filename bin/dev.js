#!/usr/bin/env node
// Development entry point (oclif convention): same commands, development mode (no manifest cache).
import { execute } from '@oclif/core';

await execute({ development: true, dir: import.meta.url });
