// The site's own Pagefind search (pagefind/pagefind.js and its WebAssembly), run in Node
// over the built folder: `node search_query.mjs SITE TERM` prints each result's page URL
// and its sub-results' URLs as JSON, newest first as the search page sorts them (TERM
// `--filters`: each filter's values and their counts, before any search). Files are
// read from disk where a browser would fetch. Each year's index is merged as soeg.html
// merges it (its `indekser`: folder and weight).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [site, term] = process.argv.slice(2);
globalThis.fetch = async (url) => {
  const rel = decodeURIComponent(new URL(url, "http://site/").pathname);
  return new Response(await readFile(path.join(site, rel)));
};
const page = await readFile(path.join(site, "soeg.html"), "utf-8");
const indexes = JSON.parse(page.match(/var indekser = (.*);/)[1]);
const pagefind = await import(pathToFileURL(path.join(site, "pagefind", "pagefind.js")).href);
await pagefind.options({ basePath: "/pagefind/", baseUrl: "/" });
for (const [folder, weight] of indexes) {
  await pagefind.mergeIndex(`/${folder}`, { indexWeight: weight, baseUrl: "/" });
}
if (term === "--filters") {
  console.log(JSON.stringify(await pagefind.filters()));
  process.exit(0);
}
const search = await pagefind.search(term, { sort: { dato: "desc" } });
const results = [];
for (const result of search.results) {
  const data = await result.data();
  results.push({ url: data.url, sub: data.sub_results.map((sub) => sub.url) });
}
console.log(JSON.stringify(results));
