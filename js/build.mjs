// Bundles the widgets with esbuild. `import text from "x?raw"` imports a file as a string (as
// Vite, and so vitest, does): the graph view starts ELK's worker code from a Blob URL.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const raw = {
  name: "raw",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: require.resolve(args.path.slice(0, -4), { paths: [args.resolveDir] }), namespace: "raw",
    }));
    b.onLoad({ filter: /.*/, namespace: "raw" }, async (args) => ({ contents: await readFile(args.path, "utf8"), loader: "text" }));
  },
};

await build({
  entryPoints: ["js/graph/widget.js", "js/inspector/widget.js", "js/checkpoint/widget.js"],
  bundle: true, format: "esm", minify: true, target: "es2020", outdir: "tapeviz/static",
  entryNames: "[dir]", plugins: [raw], logLevel: "warning",
});
