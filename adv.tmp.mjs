import remarkParse from "remark-parse";
import { unified } from "unified";
const ext = { disable: { null: ["attention", "autolink", "codeText", "htmlText", "labelStartImage", "labelStartLink", "labelEnd", "definition", "blockQuote"] } };
const parser = unified().use(remarkParse).use(function () { const d = this.data(); (d.micromarkExtensions ??= []).push(ext); }).freeze();
const N = +process.argv[3];
const cases = {
  plain: () => "a ".repeat(N/2),
  emph: () => "*a".repeat(N/2),
  under: () => "_a".repeat(N/2),
  brackets: () => "[".repeat(N),
  linkish: () => "[a](".repeat(N/4),
  backticks: () => "`a".repeat(N/2),
  lt: () => "<a".repeat(N/2),
  nestedQuote: () => ">".repeat(N),
  dashes: () => "- ".repeat(N/2),
  digits: () => "1".repeat(N),
  numbered: () => "1. ".repeat(N/3),
  html: () => "<!--" + "-".repeat(N),
  refdefs: () => "[a]: b\n".repeat(N/7),
  emphmix: () => "*_".repeat(N/2),
  bang: () => "![".repeat(N/2),
  entity: () => "&#".repeat(N/2),
  tablepipes: () => "|".repeat(N),
  lines: () => "a\n".repeat(N/2),
  brlines: () => "a\\\n".repeat(N/3),
  itemlines: () => "- a\n".repeat(N/4),
  refs2: () => "[a]: b\n".repeat(N/7),
};
const name = process.argv[2];
const md = cases[name]();
const t = performance.now();
try { parser.parse(md); } catch (e) { console.log(name, "throws", e.message.slice(0,80)); }
console.log(name, N, (performance.now() - t).toFixed(0), "ms");
