// Bundles the dashboard into dist/ (app.js, app.css, index.html, icon.svg): what Recommender.AllInOne embeds and serves at /.
// Run by the AllInOne project's build (npm ci, then this); `npm run build` here does the same by hand.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const out = new URL("./dist/", import.meta.url);
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [new URL("./src/main.js", import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  outfile: new URL("app.js", out).pathname,
  logLevel: "warning",
});
for (const file of ["index.html", "app.css", "icon.svg"]) copyFileSync(new URL(`./src/${file}`, import.meta.url), new URL(file, out));
