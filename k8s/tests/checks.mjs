// What the schemas cannot check: how the objects fit together and whether they match the
// binary. Names the code decides (environment variables, the Redis stream and consumer
// group) are read from the C++ source, so a rename there fails this test.
import fs from "node:fs";
import path from "node:path";

import { schemaProblems } from "./schemas.mjs";

// ---- facts from the source --------------------------------------------------------------

function envNamesIn(files) {
  const names = new Set();
  for (const file of files)
    for (const match of fs.readFileSync(file, "utf8").matchAll(/envname\("([A-Z0-9_]+)"\)/g)) names.add(match[1]);
  return names;
}

export function readCodeFacts(root) {
  const cli = (name) => path.join(root, "server", "src", "cli", name);
  const shared = [cli("cli_app.cpp"), cli("service_options.cpp")];
  const queueHeader = fs.readFileSync(path.join(root, "jobs", "include", "twin", "jobs", "redis_queue.hpp"), "utf8");
  const queueSource = fs.readFileSync(path.join(root, "jobs", "src", "redis_queue.cpp"), "utf8");
  const prefix = /std::string prefix = "([^"]+)"/.exec(queueHeader);
  const group = /"XGROUP", "CREATE", key\("([^"]+)"\), "([^"]+)"/.exec(queueSource);
  if (!prefix || !group) throw new Error("cannot find the Redis key prefix or the stream's consumer group in jobs/");
  const scripts = fs.readFileSync(path.join(root, "jobs", "src", "redis_scripts.cpp"), "utf8");
  const backlog = /local BACKLOG = P \.\. ':([^']+)'/.exec(scripts);
  if (!backlog) throw new Error("cannot find the backlog list (local BACKLOG = P .. ':…') in jobs/src/redis_scripts.cpp");
  return {
    env: {
      serve: envNamesIn([...shared, cli("serve_command.cpp")]),
      worker: envNamesIn([...shared, cli("worker_command.cpp")]),
    },
    stream: `${prefix[1]}:${group[1]}`,
    consumerGroup: group[2],
    backlog: `${prefix[1]}:${backlog[1]}`,
  };
}

// ---- helpers -----------------------------------------------------------------------------

const workloadKinds = new Set(["Deployment", "StatefulSet", "Job"]);
const id = (o) => `${o.kind}/${o.metadata?.name}`;
const find = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const matches = (selector, labels) =>
  selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const podLabels = (o) => o.spec?.template?.metadata?.labels ?? {};

// The twinsolve subcommand a container runs ("serve", "worker", "run") or undefined.
function subcommand(container) {
  if (!/(^|\/)twinsolve(:|@|$)/.test(container.image ?? "")) return undefined;
  if (container.command) return container.args?.join(" ").includes("twinsolve --quiet run") ? "run" : "script";
  return container.args?.[0] ?? "serve";
}

// The container's environment: envFrom ConfigMaps, then env (literal values only).
function environment(container, objects, problems, where) {
  const env = new Map();
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) continue;
    const map = find(objects, "ConfigMap", source.configMapRef.name);
    if (!map) {
      problems.push(`${where}: envFrom ConfigMap ${source.configMapRef.name} is not in the manifests`);
      continue;
    }
    for (const [k, v] of Object.entries(map.data ?? {})) env.set(k, { value: v, from: `ConfigMap/${map.metadata.name}` });
  }
  for (const variable of container.env ?? []) env.set(variable.name, { value: variable.value, from: "env" });
  return env;
}

// ---- checks ------------------------------------------------------------------------------

function checkContainer(workload, pod, container, objects, facts, problems) {
  const where = `${id(workload)} container ${container.name}`;
  const security = container.securityContext ?? {};
  if (!(security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot))
    problems.push(`${where}: runAsNonRoot is not set`);
  if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
  if (security.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
  const resources = container.resources ?? {};
  if (!resources.requests?.cpu || !resources.requests?.memory || !resources.limits?.memory)
    problems.push(`${where}: resources need requests.cpu, requests.memory and limits.memory`);

  const mounts = new Map((container.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  for (const [mountPath, name] of mounts)
    if (!volumes.has(name) && !(workload.spec.volumeClaimTemplates ?? []).some((t) => t.metadata?.name === name))
      problems.push(`${where}: volume ${name} mounted at ${mountPath} is not defined`);

  const command = subcommand(container);
  if (command === undefined) return;
  if (!volumes.get(mounts.get("/tmp"))?.emptyDir)
    problems.push(`${where}: no emptyDir at /tmp (the root file system is read-only)`);

  const env = environment(container, objects, problems, where);
  const reads = facts.env[command === "worker" ? "worker" : "serve"];
  if (command === "serve" || command === "worker") {
    for (const [name, { from }] of env)
      if (name.startsWith("TWINSOLVE_") && !reads.has(name))
        problems.push(`${where}: ${name} (from ${from}) is not read by twinsolve ${command}`);
    const queue = env.get("TWINSOLVE_QUEUE")?.value ?? "";
    const host = /^redis:\/\/(?:[^@/]*@)?([^:/]+)(?::(\d+))?/.exec(queue);
    if (!host) {
      problems.push(`${where}: TWINSOLVE_QUEUE is not a redis:// URL`);
    } else {
      const service = find(objects, "Service", host[1]);
      const redis = objects.find((o) => o.kind === "StatefulSet" && matches(service?.spec?.selector, podLabels(o)));
      if (!redis) problems.push(`${where}: TWINSOLVE_QUEUE names ${host[1]}, not a Service in front of the Redis StatefulSet`);
    }
    // Pods share scenarios and results: the data directory must be the ReadWriteMany claim.
    const dataDir = env.get("TWINSOLVE_DATA_DIR")?.value;
    const claim = volumes.get(mounts.get(dataDir))?.persistentVolumeClaim?.claimName;
    const pvc = claim && find(objects, "PersistentVolumeClaim", claim);
    if (!pvc || !(pvc.spec?.accessModes ?? []).includes("ReadWriteMany"))
      problems.push(`${where}: TWINSOLVE_DATA_DIR ${dataDir} is not a mounted ReadWriteMany claim`);
    const drain = Number(env.get("TWINSOLVE_DRAIN_SECONDS")?.value ?? 30);
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (!(grace > drain))
      problems.push(`${where}: terminationGracePeriodSeconds ${grace} is not longer than the drain (${drain} s)`);
  }

  if (command === "serve") {
    const port = (container.ports ?? [])[0];
    if (!port) problems.push(`${where}: serve without a container port`);
    const probePath = (probe) => probe?.httpGet?.path;
    if (!container.startupProbe) problems.push(`${where}: no startupProbe`);
    if (probePath(container.readinessProbe) !== "/readyz") problems.push(`${where}: readinessProbe is not GET /readyz`);
    if (probePath(container.livenessProbe) !== "/healthz") problems.push(`${where}: livenessProbe is not GET /healthz`);
    if (workload.kind === "Deployment" && !(workload.spec.replicas >= 2))
      problems.push(`${where}: the API needs 2 or more replicas (got ${workload.spec.replicas})`);
  }
}

function checkWorkload(workload, objects, facts, problems) {
  const pod = workload.spec?.template?.spec ?? {};
  if (!matches(workload.spec?.selector?.matchLabels ?? {}, podLabels(workload)) && workload.kind !== "Job")
    problems.push(`${id(workload)}: selector does not match the pod template's labels`);
  for (const container of pod.containers ?? []) {
    checkContainer(workload, pod, container, objects, facts, problems);
    // Every Deployment has probes, except workers: they open no port, and a hung worker stops
    // heartbeating, so its job is taken over (docs/jobs.md).
    if (workload.kind === "Deployment" && subcommand(container) !== "worker" &&
        (!container.startupProbe || !container.readinessProbe || !container.livenessProbe))
      problems.push(`${id(workload)} container ${container.name}: needs startup, readiness and liveness probes`);
  }
}

function checkRedis(objects, problems) {
  const redis = objects.filter((o) => o.kind === "StatefulSet" && podLabels(o)["app.kubernetes.io/component"] === "redis");
  if (redis.length !== 1) return problems.push(`expected one Redis StatefulSet, found ${redis.length}`);
  const set = redis[0];
  const args = (set.spec.template.spec.containers[0].args ?? []).join(" ");
  if (!/--appendonly yes/.test(args)) problems.push(`${id(set)}: Redis without --appendonly yes (jobs lost on restart)`);
  const dir = /--dir (\S+)/.exec(args)?.[1];
  const claims = (set.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name);
  const mount = set.spec.template.spec.containers[0].volumeMounts?.find((m) => m.mountPath === dir);
  if (!dir || !mount || !claims.includes(mount.name))
    problems.push(`${id(set)}: Redis' --dir is not on a volume claim template`);

  // NetworkPolicy: Redis' pods selected, ingress only from the API, the workers (and KEDA).
  const labels = podLabels(set);
  const policies = objects.filter((o) => o.kind === "NetworkPolicy" && matches(o.spec?.podSelector?.matchLabels, labels));
  if (policies.length === 0) return problems.push(`no NetworkPolicy selects the Redis pods`);
  const allowed = new Set();
  for (const policy of policies) {
    if (!(policy.spec.policyTypes ?? []).includes("Ingress")) problems.push(`${id(policy)}: does not restrict Ingress`);
    for (const rule of policy.spec.ingress ?? []) {
      if (!rule.from || rule.from.length === 0) problems.push(`${id(policy)}: an ingress rule allows every source`);
      for (const peer of rule.from ?? []) {
        if (peer.ipBlock) problems.push(`${id(policy)}: an ipBlock peer opens Redis beyond the pods`);
        if (peer.namespaceSelector) {
          // Only KEDA's operator, which reads the stream for the ScaledObject.
          if (peer.namespaceSelector.matchLabels?.["kubernetes.io/metadata.name"] !== "keda" ||
              peer.podSelector?.matchLabels?.app !== "keda-operator")
            problems.push(`${id(policy)}: a namespace peer other than KEDA's operator`);
          continue;
        }
        if (Object.keys(peer.podSelector?.matchLabels ?? {}).length === 0 && !peer.podSelector?.matchExpressions) {
          problems.push(`${id(policy)}: a peer with an empty podSelector lets every pod of the namespace reach Redis`);
          continue;
        }
        const selected = objects.filter((o) => workloadKinds.has(o.kind) && matches(peer.podSelector?.matchLabels, podLabels(o)));
        if (selected.length === 0) problems.push(`${id(policy)}: a peer selects no pods of these manifests`);
        for (const workload of selected) {
          const commands = workload.spec.template.spec.containers.map(subcommand);
          if (commands.includes("serve") || commands.includes("worker")) allowed.add(commands.includes("serve") ? "serve" : "worker");
          else problems.push(`${id(policy)}: lets ${id(workload)} reach Redis`);
        }
      }
    }
  }
  for (const needed of ["serve", "worker"])
    if (!allowed.has(needed)) problems.push(`NetworkPolicy: the ${needed === "serve" ? "API" : "worker"} pods cannot reach Redis`);
}

function checkScaling(objects, facts, problems) {
  const scaled = objects.filter((o) => o.kind === "ScaledObject");
  if (scaled.length !== 1) return problems.push(`expected one ScaledObject, found ${scaled.length}`);
  const so = scaled[0];
  const target = find(objects, so.spec.scaleTargetRef.kind ?? "Deployment", so.spec.scaleTargetRef.name);
  const container = target?.spec.template.spec.containers.find((c) => subcommand(c) === "worker");
  if (!container) return problems.push(`${id(so)}: scaleTargetRef ${so.spec.scaleTargetRef.name} is not the worker Deployment`);
  if (!(so.spec.minReplicaCount >= 1))
    problems.push(`${id(so)}: minReplicaCount must be 1 or more (orphaned entries are reclaimed by a live worker)`);
  // Both triggers read the queue's Redis: its Service in this namespace, its password.
  const namespace = so.metadata.namespace;
  const reachesRedis = (type, m) => {
    const address = /^([^.:]+)\.([^.:]+)\.svc(?:\.[^:]*)?:(\d+)$/.exec(m.address ?? "");
    const service = address && find(objects, "Service", address[1]);
    if (!address || address[2] !== namespace || !service || !service.spec.ports.some((p) => String(p.port) === address[3]))
      problems.push(`${id(so)}: ${type} address ${m.address} is not the Redis Service of namespace ${namespace}`);
    if (m.passwordFromEnv && !(container.env ?? []).some((e) => e.name === m.passwordFromEnv))
      problems.push(`${id(so)}: passwordFromEnv ${m.passwordFromEnv} is not set in the worker container`);
  };
  // Running jobs: the stream's pending entries.
  const streams = (so.spec.triggers ?? []).find((t) => t.type === "redis-streams");
  if (!streams) problems.push(`${id(so)}: no redis-streams trigger (running jobs)`);
  else {
    const m = streams.metadata ?? {};
    if (m.stream !== facts.stream) problems.push(`${id(so)}: stream ${m.stream}, the queue uses ${facts.stream}`);
    if (m.consumerGroup !== facts.consumerGroup)
      problems.push(`${id(so)}: consumerGroup ${m.consumerGroup}, the queue uses ${facts.consumerGroup}`);
    if (!(Number(m.pendingEntriesCount) >= 1)) problems.push(`${id(so)}: pendingEntriesCount must be a positive number`);
    reachesRedis("redis-streams", m);
  }
  // Waiting jobs: the length of the backlog list.
  const list = (so.spec.triggers ?? []).find((t) => t.type === "redis");
  if (!list) problems.push(`${id(so)}: no redis (list) trigger on the backlog ${facts.backlog}: waiting jobs would add no worker`);
  else {
    const m = list.metadata ?? {};
    if (m.listName !== facts.backlog) problems.push(`${id(so)}: listName ${m.listName}, the queue's backlog is ${facts.backlog}`);
    if (!(Number(m.listLength) >= 1)) problems.push(`${id(so)}: listLength must be a positive number`);
    reachesRedis("redis", m);
  }
}

function checkServicesAndBudgets(objects, problems) {
  const workloads = objects.filter((o) => workloadKinds.has(o.kind) && o.kind !== "Job");
  for (const service of objects.filter((o) => o.kind === "Service")) {
    const selected = workloads.filter((w) => matches(service.spec.selector, podLabels(w)));
    if (selected.length === 0) problems.push(`${id(service)}: selects no pods`);
    for (const port of service.spec.ports ?? [])
      if (typeof port.targetPort === "string" &&
          !selected.some((w) => w.spec.template.spec.containers.some((c) => (c.ports ?? []).some((p) => p.name === port.targetPort))))
        problems.push(`${id(service)}: targetPort ${port.targetPort} is no container port of its pods`);
  }
  for (const component of ["api", "worker"]) {
    const workload = workloads.find((w) => podLabels(w)["app.kubernetes.io/component"] === component);
    if (!workload) {
      problems.push(`no ${component} Deployment`);
      continue;
    }
    if (!objects.some((o) => o.kind === "PodDisruptionBudget" && matches(o.spec.selector?.matchLabels, podLabels(workload))))
      problems.push(`${id(workload)}: no PodDisruptionBudget selects its pods`);
  }
}

function checkBatchJobs(objects, problems) {
  for (const job of objects.filter((o) => o.kind === "Job")) {
    if (job.spec.completionMode !== "Indexed") problems.push(`${id(job)}: not an Indexed Job`);
    const provinces = (job.spec.template.spec.volumes ?? [])
      .map((v) => v.configMap && find(objects, "ConfigMap", v.configMap.name))
      .find((map) => map?.data?.["provinces.txt"]);
    const count = provinces ? provinces.data["provinces.txt"].split("\n").filter((l) => l.trim()).length : 0;
    if (count === 0) problems.push(`${id(job)}: no provinces.txt ConfigMap mounted`);
    else if (job.spec.completions !== count)
      problems.push(`${id(job)}: completions ${job.spec.completions}, but provinces.txt has ${count} provinces`);
  }
}

function checkProduction(objects, problems) {
  for (const secret of objects.filter((o) => o.kind === "Secret"))
    if (secret.metadata.annotations?.["twinsolve.example/placeholder"] === "true")
      problems.push(`${id(secret)}: a placeholder Secret in an overlay (create the real one; docs/deploy.md)`);
  for (const workload of objects.filter((o) => workloadKinds.has(o.kind)))
    for (const container of workload.spec.template.spec.containers)
      if (subcommand(container) !== undefined && !/:(?!dev$|latest$)[^:/]+$/.test(container.image))
        problems.push(`${id(workload)}: image ${container.image} has no fixed release tag`);
}

// Every problem of one rendered kustomization, as readable lines; empty when all is well.
// fieldProblems: what typecheck.mjs found in the same objects.
export async function checkRendered(objects, { facts, production, fieldProblems = [] }) {
  const problems = [...fieldProblems];
  for (const object of objects)
    for (const problem of await schemaProblems(object)) problems.push(`${id(object)}: ${problem}`);
  const seen = new Set();
  for (const object of objects) {
    const key = `${object.kind}/${object.metadata?.namespace}/${object.metadata?.name}`;
    if (seen.has(key)) problems.push(`${id(object)}: defined twice`);
    seen.add(key);
  }
  for (const workload of objects.filter((o) => workloadKinds.has(o.kind))) checkWorkload(workload, objects, facts, problems);
  const isService = objects.some((o) => o.kind === "Deployment");
  if (isService) {
    checkRedis(objects, problems);
    checkScaling(objects, facts, problems);
    checkServicesAndBudgets(objects, problems);
  }
  checkBatchJobs(objects, problems);
  if (production) checkProduction(objects, problems);
  return problems;
}
