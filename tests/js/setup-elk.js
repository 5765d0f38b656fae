// Unit tests lay out as a page does, with ELK's worker code provided as the kernel would.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { provideWorkerCode } from "../../js/graph/elk.js";

const require = createRequire(import.meta.url);
provideWorkerCode(async () => readFileSync(require.resolve("elkjs/lib/elk-worker.min.js"), "utf8"));
