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
const renderedBase = {};
for (const dir of dirs) {
  const name = path.relative(path.join(root, "k8s"), dir);
  let objects;
  try {
    objects = parseDocuments(render(dir));
  } catch (error) {
    console.log(`not ok - ${name}: kubectl kustomize failed: ${(error.stderr || error.message).trim()}`);
    failures++;
    continue;
  }
  if (name === "base") renderedBase.objects = objects;
  const problems = await checkRendered(objects, { facts, production: name.startsWith("overlays/") });
  checked += objects.length;
  if (problems.length === 0) {
    console.log(`ok - ${name}: ${objects.length} objects`);
  } else {
    failures++;
    console.log(`not ok - ${name}:`);
    for (const problem of problems) console.log(`    ${problem}`);
  }
}
if (!dirs.some((d) => d.endsWith(path.join("k8s", "base"))) || dirs.length < 3) {
  console.log(`not ok - expected k8s/base, an overlay and the batch Job, found ${dirs.length} kustomizations`);
  failures++;
}

// The test of the test: each broken variant of the base must be refused, with its message.
if (renderedBase.objects) {
  for (const broken of brokenCases) {
    const objects = structuredClone(renderedBase.objects);
    broken.apply(objects);
    const problems = await checkRendered(objects, { facts, production: broken.production ?? false, fields: broken.fields ?? false });
    const caught = problems.some((p) => p.includes(broken.expect));
    if (caught) {
      console.log(`ok - broken case refused: ${broken.name}`);
    } else {
      failures++;
      console.log(`not ok - broken case accepted: ${broken.name} (expected "${broken.expect}", got ${JSON.stringify(problems)})`);
    }
  }
}

const passed = dirs.length + brokenCases.length - failures;
console.log(`${checked} rendered objects checked with kustomize ${version[0].split(" ").pop()}`);
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
