// Bundles the widgets with esbuild, and copies ELK's worker code (1.6 MB) beside them: it stays
// out of the graph bundle, which anywidget sends with every view, and the first graph view of a
// page asks Python for it once (see js/graph/elk.js).
import { build } from "esbuild";
import { copyFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

await build({
  entryPoints: ["js/graph/widget.js", "js/inspector/widget.js", "js/checkpoint/widget.js"],
  bundle: true, format: "esm", minify: true, target: "es2020", outdir: "tapeviz/static",
  entryNames: "[dir]", logLevel: "warning",
});
await copyFile(require.resolve("elkjs/lib/elk-worker.min.js"), "tapeviz/static/elk-worker.js");
