/** A valid template of just under 1 MB (ASCII, so the form body stays under the 2 MiB guard): thousands of measures. */
export function bigTemplate(): string {
  const lines = ["id: big-template", "title: Big", "issuer: Test", "caseNumber: 1/1", "deadline: 2030-01-01", "language: en", "chapters:"];
  const filler = "This measure text is long on purpose so that the template approaches one megabyte in size.".repeat(4);
  for (let c = 0; lines.join("\n").length < 1_000_000; c++) {
    lines.push(`  - id: c${c}`, `    title: Chapter ${c}`, "    measures:");
    for (let m = 0; m < 20; m++) lines.push(`      - id: c${c}-m${m}`, `        text: "${c}.${m} ${filler}"`);
    lines.push("    priority:", "      maxRanks: 3");
  }
  return lines.join("\n") + "\n";
}
