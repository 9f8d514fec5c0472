/** npm run template:check -- <file...> — validates templates; prints every problem as `file: path: problem`, exit 1 on any. */
import { formItems } from "../consultation/form";
import { formatProblems, readTemplateFile, templateFiles } from "../consultation/file.server";

const files = process.argv.slice(2);
let failed = false;
for (const file of files.length ? files : templateFiles()) {
  const result = readTemplateFile(file);
  if (result.ok) {
    const items = formItems(result.template);
    const groups = result.template.chapters.filter((part) => part.type === "group").length;
    const chapters = result.template.chapters.length - groups;
    const parts = [`${chapters} chapter${chapters === 1 ? "" : "s"}`, ...(groups ? [`${groups} group${groups === 1 ? "" : "s"}`] : [])];
    const review = result.template.review ?? [];
    console.log(`${file}: ok (${parts.join(", ")}, ${items.length} numbered items${review.length ? `, ${review.length} to review before publishing` : ""})`);
    for (const note of review) console.log(`  review: ${note.path}${note.number ? ` (${note.number})` : ""}: ${note.note}`);
  } else {
    failed = true;
    console.error(formatProblems(result));
  }
}
process.exit(failed ? 1 : 0);
