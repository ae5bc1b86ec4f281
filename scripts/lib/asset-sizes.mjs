// Prints the size of each built front-end file: raw, gzip -9 and brotli -q11 (what a CDN or a
// precompressing server would send). Usage: node scripts/lib/asset-sizes.mjs target/site/pkg
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const directory = process.argv[2] ?? "target/site/pkg";
for (const name of readdirSync(directory).filter((file) => /\.(wasm|js|css)$/.test(file)).sort()) {
  const bytes = readFileSync(join(directory, name));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${name.padEnd(20)} raw ${String(bytes.length).padStart(9)} B   gzip -9 ${String(gzip).padStart(8)} B   brotli -q11 ${String(brotli).padStart(8)} B`);
}
