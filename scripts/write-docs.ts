// Regenerates the generated documentation under docs/ (`npm run docs`).
import { writeFileSync } from "node:fs";
import { renderDataFormatDoc } from "../src/domain/data-format-doc.ts";

writeFileSync("docs/data-format.md", renderDataFormatDoc());
console.log("wrote docs/data-format.md");
