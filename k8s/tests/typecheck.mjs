// Unknown fields: the schemas of kubernetes-models accept properties they do not define (a typo
// such as `readinesProbe` would pass), but their TypeScript interfaces are exact. Each object
// becomes an object literal typed with its interface (IDeployment, IScaledObject, ...), and
// the TypeScript compiler's excess-property check names a field the API does not have (the
// first one per object). One compiler run for every rendered set, because each run spends
// most of its time reading the packages' declarations.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";

import { modulePath } from "./schemas.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const id = (o) => `${o.kind}/${o.metadata?.name}`;

// sets: arrays of objects. Returns, per set, the problems as readable lines. Objects without
// a model are left to the schema check, which reports them.
export function unknownFieldProblems(sets) {
  const lines = [];
  const owner = [];  // line number -> [set, object]
  const emit = (text, where) => {
    for (const line of text.split("\n")) {
      lines.push(line);
      owner.push(where);
    }
  };
  sets.forEach((objects, s) =>
    objects.forEach((object, i) => {
      if (typeof object.apiVersion !== "string" || !/^[A-Za-z]+$/.test(object.kind ?? "")) return;
      const module = modulePath(object.apiVersion, object.kind);
      if (!fs.existsSync(path.join(here, "node_modules", `${module}.d.ts`))) return;
      const name = `${s}_${i}`;
      emit(`import type { I${object.kind} as T${name} } from "${module}";`, [s, i]);
      emit(`export const o${name}: T${name} = ${JSON.stringify(object, null, 1)};`, [s, i]);
    }));
  const file = path.join(here, `.typecheck-${process.pid}.ts`);
  fs.writeFileSync(file, lines.join("\n"));
  try {
    const program = ts.createProgram([file], {
      noEmit: true, strict: true, skipLibCheck: true, types: [],
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2020,
    });
    const problems = sets.map(() => []);
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      if (!diagnostic.file || path.resolve(diagnostic.file.fileName) !== file) {
        // The packages' own declarations are skipped (skipLibCheck); anything else is a
        // broken installation and fails every set.
        for (const list of problems) list.push(`fields: ${message}`);
        continue;
      }
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const [s, i] = owner[line];
      problems[s].push(`${id(sets[s][i])}: fields: ${message}`);
    }
    return problems;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
