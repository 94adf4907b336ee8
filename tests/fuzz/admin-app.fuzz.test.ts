/** Schema-driven fuzzing of every route of the officials' app: publishing, corrections, lists, classes, imports, review, configuration (tests/fuzz/harness.ts). */
import { fuzzApp } from './harness.ts';

fuzzApp('admin');
