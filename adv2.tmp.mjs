import remarkParse from "remark-parse";
import { unified } from "unified";
import { parse } from "micromark/lib/parse.js";
const ext = { disable: { null: ["attention", "autolink", "codeText", "htmlText", "labelStartImage", "labelStartLink", "labelEnd", "definition", "blockQuote"] } };
const parser = unified().use(remarkParse).use(function () { const d = this.data(); (d.micromarkExtensions ??= []).push(ext); }).freeze();
const [kind, unit] = [process.argv[2], JSON.parse(process.argv[3])];
for (const n of [16384, 65536, 262144]) {
  const md = unit.repeat(n / unit.length);
  const t = performance.now(); parser.parse(md); console.log(kind, n, (performance.now() - t).toFixed(0), "ms");
}
