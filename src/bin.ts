#!/usr/bin/env node
import { main } from './cli.js';
import { favourMemory } from './memory-mode.js';

favourMemory();
process.exitCode = await main(process.argv.slice(2));
