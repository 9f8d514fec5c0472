/** A draft template's YAML text: a commented header, then the fields in the template format's order. */
import { stringify } from "yaml";
import type { TemplateInput } from "../consultation/schema";

export function draftTemplateYaml(input: TemplateInput, source: string): string {
  const header = [
    `# Draft template read from a printout (${source.replace(/[\r\n]/g, " ")}).`,
    "# Numbers are computed from the order below; never type them.",
    "# Everything under `review:` is a guess or a placeholder: check it, then remove the note.",
    "# Check with: npm run template:check -- <this file>",
  ];
  return `${header.join("\n")}\n${stringify(input, { lineWidth: 100 })}`;
}
