/** Schema-driven fuzzing of every route of the enterprises' app: their own file and credit-repair applications (tests/fuzz/harness.ts). */
import { fuzzApp } from './harness.ts';

fuzzApp('enterprise');
