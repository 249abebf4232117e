// Regenerates the generated documentation under docs/ (`npm run docs`).
import { writeFileSync } from "node:fs";
import { renderDataFormatDoc } from "../src/domain/data-format-doc.ts";
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { renderMeasuresDoc } from "../src/measures/measures-doc.ts";

writeFileSync("docs/data-format.md", renderDataFormatDoc());
console.log("wrote docs/data-format.md");
writeFileSync(
  "docs/measures.md",
  renderMeasuresDoc(loadFramework("frameworks/core-sqii.yaml"), "frameworks/core-sqii.yaml"),
);
console.log("wrote docs/measures.md");
