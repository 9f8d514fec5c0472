import { planImport } from "./export/import";
import { lis1Template } from "./test/support/fixtures";
const t = lis1Template();
const [unit = "", ...sizes] = process.argv.slice(2);
for (const size of sizes.map(Number)) {
  const md = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const t0 = performance.now(); planImport(t, new Map(), md); console.log(JSON.stringify(unit), size, Math.round(performance.now() - t0));
}
