/** Schema-driven fuzzing of every route of the public app: the read API, open data, the OpenAPI document and the web pages (tests/fuzz/harness.ts). */
import { fuzzApp } from './harness.ts';

fuzzApp('public');
