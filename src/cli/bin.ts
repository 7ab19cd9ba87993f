#!/usr/bin/env node
import { favourMemory } from '../base/memory-mode.js';
import { main } from './main.js';

favourMemory();
process.exitCode = await main(process.argv.slice(2));
