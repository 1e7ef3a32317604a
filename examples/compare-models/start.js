import { run } from './example.js';

run();
