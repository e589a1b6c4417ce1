// The site's own Pagefind search (pagefind/pagefind.js and its WebAssembly), run in Node
// over the built folder: `node search_query.mjs SITE TERM` prints each result's page URL
// and its sub-results' URLs as JSON. Files are read from disk where a browser would fetch.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [site, term] = process.argv.slice(2);
globalThis.fetch = async (url) => {
  const rel = decodeURIComponent(new URL(url, "http://site/").pathname);
  return new Response(await readFile(path.join(site, rel)));
};
const pagefind = await import(pathToFileURL(path.join(site, "pagefind", "pagefind.js")).href);
await pagefind.options({ basePath: "/pagefind/", baseUrl: "/" });
const search = await pagefind.search(term);
const results = [];
for (const result of search.results) {
  const data = await result.data();
  results.push({ url: data.url, sub: data.sub_results.map((sub) => sub.url) });
}
console.log(JSON.stringify(results));
