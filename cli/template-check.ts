/** npm run template:check -- <file...> — validates templates; prints every problem, exit 1 on any. */
import { formItems } from "../consultation/form";
import { formatProblems, readTemplateFile, templateFiles } from "../consultation/file.server";

const files = process.argv.slice(2);
let failed = false;
for (const file of files.length ? files : templateFiles()) {
  const result = readTemplateFile(file);
  if (result.ok) {
    const items = formItems(result.template);
    console.log(`${file}: ok (${result.template.chapters.length} chapters, ${items.length} numbered items)`);
  } else {
    failed = true;
    console.error(formatProblems(result));
  }
}
process.exit(failed ? 1 : 0);
