import { run } from './main.js';
import { favourMemory } from './memory-mode.js';

favourMemory();
await run();
