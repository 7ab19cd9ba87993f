import { favourMemory } from '../base/memory-mode.js';
import { run } from './main.js';

favourMemory();
await run();
