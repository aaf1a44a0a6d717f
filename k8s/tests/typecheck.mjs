// Unknown fields: the schemas of kubernetes-models accept properties they do not define (a typo
// such as `readinesProbe` would pass), but their TypeScript interfaces are exact. Each object
// becomes an object literal typed with its interface (IDeployment, IScaledObject, ...), and
// the TypeScript compiler's excess-property check names every field the API does not have.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";

import { modulePath } from "./schemas.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
// The previous program: passed to the next one, so the packages' declarations are parsed once.
let previous;

// Problems per object index (objects without a model are left to the schema check).
export function unknownFieldProblems(objects) {
  const lines = [];
  const owner = [];  // line number -> object index
  const emit = (text, index) => {
    for (const line of text.split("\n")) {
      lines.push(line);
      owner.push(index);
    }
  };
  objects.forEach((object, index) => {
    if (typeof object.apiVersion !== "string" || !/^[A-Za-z]+$/.test(object.kind ?? "")) return;
    const module = modulePath(object.apiVersion, object.kind);
    let resolved;
    try {
      resolved = fs.existsSync(path.join(here, "node_modules", `${module}.d.ts`));
    } catch {
      resolved = false;
    }
    if (!resolved) return;
    emit(`import type { I${object.kind} as T${index} } from "${module}";`, index);
    emit(`export const o${index}: T${index} = ${JSON.stringify(object, null, 1)};`, index);
  });
  const file = path.join(here, `.typecheck-${process.pid}.ts`);
  fs.writeFileSync(file, lines.join("\n"));
  try {
    const program = ts.createProgram([file], {
      noEmit: true, strict: true, skipLibCheck: true, types: [],
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2020,
    }, undefined, previous);
    previous = program;
    const problems = new Map();
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      if (diagnostic.file?.fileName !== file.split(path.sep).join("/") && diagnostic.file?.fileName !== file) continue;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const index = owner[line];
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      if (!problems.has(index)) problems.set(index, []);
      problems.get(index).push(`fields: ${message}`);
    }
    return problems;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
