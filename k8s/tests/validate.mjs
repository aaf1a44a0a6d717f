// Offline validation of the Kubernetes manifests under k8s/: renders every kustomization with
// `kubectl kustomize`, checks each rendered object against the Kubernetes and KEDA schemas
// (npm kubernetes-models, @kubernetes-models/keda) and then what a schema cannot see
// (checks.mjs): probes, non-root, read-only root file systems, resources, the NetworkPolicy in
// front of Redis, the KEDA trigger naming the stream and group the C++ queue uses, settings
// the binary really reads. Then the checker is run on broken variants of the rendered base
// (broken_cases.mjs): each must be refused with the expected message. Fields the API does not
// have are found by typecheck.mjs (the TypeScript interfaces of the same packages).
//
// Usage: node validate.mjs [repo root]     (KUBECTL=/path/to/kubectl to choose the binary)
// Exit 0: all good; 1: a manifest or a broken case failed; 77: kubectl is not installed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
if (!fs.existsSync(path.join(here, "node_modules", "kubernetes-models"))) {
  console.error("FAIL: k8s/tests/node_modules is missing: run `npm ci` in k8s/tests (scripts/test does)");
  process.exit(1);
}
const { checkRendered, readCodeFacts } = await import("./checks.mjs");
const { brokenCases } = await import("./broken_cases.mjs");
const { parseDocuments } = await import("./render.mjs");
const { unknownFieldProblems } = await import("./typecheck.mjs");
const root = path.resolve(process.argv[2] ?? path.join(here, "..", ".."));
const kubectl = process.env.KUBECTL ?? "kubectl";

function kustomizeVersion() {
  try {
    const text = execFileSync(kubectl, ["version", "--client"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return /Kustomize Version: v?(\d+)\.(\d+)/.exec(text);
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
}

function kustomizations(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === "node_modules" || entry.name === "tests") continue;
    const sub = path.join(dir, entry.name);
    if (fs.existsSync(path.join(sub, "kustomization.yaml"))) found.push(sub);
    found.push(...kustomizations(sub));
  }
  return found.sort();
}

function render(dir) {
  return execFileSync(kubectl, ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const version = kustomizeVersion();
if (version === undefined) {
  console.log(`SKIP: ${kubectl} not found; install kubectl 1.21+ (docs/deploy.md, "Validation")`);
  process.exit(77);
}
// Debian 12's kubernetes-client is kubectl 1.20 with kustomize 2.0.3, which cannot render a
// directory listed under resources (the overlays do that).
if (!version || Number(version[1]) < 4) {
  console.error(`FAIL: ${kubectl} embeds kustomize ${version ? version[0] : "(unknown)"}; version 4 or newer is needed`);
  process.exit(1);
}

const facts = readCodeFacts(root);
let failures = 0;
let checked = 0;
const dirs = kustomizations(path.join(root, "k8s"));
const rendered = [];  // {name, objects}
for (const dir of dirs) {
  const name = path.relative(path.join(root, "k8s"), dir);
  try {
    rendered.push({ name, objects: parseDocuments(render(dir)) });
  } catch (error) {
    console.log(`not ok - ${name}: kubectl kustomize failed: ${(error.stderr || error.message).trim()}`);
    failures++;
  }
}
if (!dirs.some((d) => d.endsWith(path.join("k8s", "base"))) || dirs.length < 3) {
  console.log(`not ok - expected k8s/base, an overlay and the batch Job, found ${dirs.length} kustomizations`);
  failures++;
}

// The test of the test: broken variants of the rendered base.
const base = rendered.find((r) => r.name === "base");
const broken = base
  ? brokenCases.map((c) => {
      const objects = structuredClone(base.objects);
      c.apply(objects);
      return { ...c, objects };
    })
  : [];
// Unknown fields for every rendered set and the broken cases that need it, in one compiler run.
const fieldSets = [...rendered.map((r) => r.objects), ...broken.filter((c) => c.fields).map((c) => c.objects)];
const fieldProblems = new Map();
const found = unknownFieldProblems(fieldSets);
fieldSets.forEach((objects, i) => fieldProblems.set(objects, found[i]));

for (const { name, objects } of rendered) {
  const problems = await checkRendered(objects, {
    facts, production: name.startsWith("overlays/"), fieldProblems: fieldProblems.get(objects) });
  checked += objects.length;
  if (problems.length === 0) {
    console.log(`ok - ${name}: ${objects.length} objects`);
  } else {
    failures++;
    console.log(`not ok - ${name}:`);
    for (const problem of problems) console.log(`    ${problem}`);
  }
}
// Each broken variant must be refused, with its message.
for (const c of broken) {
  const problems = await checkRendered(c.objects, {
    facts, production: c.production ?? false, fieldProblems: fieldProblems.get(c.objects) ?? [] });
  if (problems.some((p) => p.includes(c.expect))) {
    console.log(`ok - broken case refused: ${c.name}`);
  } else {
    failures++;
    console.log(`not ok - broken case accepted: ${c.name} (expected "${c.expect}", got ${JSON.stringify(problems)})`);
  }
}
if (!base) {
  console.log("not ok - k8s/base did not render, so the broken cases did not run");
  failures++;
}

const passed = dirs.length + brokenCases.length - failures;
console.log(`${checked} rendered objects checked with kustomize ${version[0].split(" ").pop()}`);
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
