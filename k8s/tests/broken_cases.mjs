// Broken variants of the rendered base, each a mistake the checker must refuse with the
// given message: the test of the test. `apply` edits the objects in place.
const get = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const api = (o) => get(o, "Deployment", "twinsolve-api").spec.template.spec;
const worker = (o) => get(o, "Deployment", "twinsolve-worker").spec.template.spec;
const scaled = (o) => get(o, "ScaledObject", "twinsolve-worker").spec;
const redisPolicy = (o) => get(o, "NetworkPolicy", "twinsolve-redis").spec;

export const brokenCases = [
  {
    name: "schema: replicas as a string",
    expect: "replicas must be integer",
    apply: (o) => { get(o, "Deployment", "twinsolve-api").spec.replicas = "two"; },
  },
  {
    name: "schema: a ScaledObject trigger value that is not a string",
    expect: "must be string",
    apply: (o) => { scaled(o).triggers[0].metadata.pendingEntriesCount = 5; },
  },
  {
    name: "schema: a kind that does not exist",
    expect: "no schema for this kind",
    apply: (o) => { get(o, "Service", "twinsolve-api").kind = "Servcie"; },
  },
  {
    name: "fields: a misspelt field (readinesProbe) the schema alone accepts",
    expect: "'\"readinesProbe\"' does not exist in type 'IContainer'",
    fields: true,
    apply: (o) => {
      const c = api(o).containers[0];
      c.readinesProbe = c.readinessProbe;
    },
  },
  {
    name: "fields: a ScaledObject field KEDA does not have",
    expect: "'\"minReplicas\"' does not exist in type",
    fields: true,
    apply: (o) => { scaled(o).minReplicas = 1; },
  },
  {
    name: "API without a readiness probe",
    expect: "readinessProbe is not GET /readyz",
    apply: (o) => { delete api(o).containers[0].readinessProbe; },
  },
  {
    name: "API liveness on /readyz (a lost Redis would restart every pod)",
    expect: "livenessProbe is not GET /healthz",
    apply: (o) => { api(o).containers[0].livenessProbe.httpGet.path = "/readyz"; },
  },
  {
    name: "one API replica",
    expect: "2 or more replicas",
    apply: (o) => { get(o, "Deployment", "twinsolve-api").spec.replicas = 1; },
  },
  {
    name: "worker allowed to run as root",
    expect: "runAsNonRoot is not set",
    apply: (o) => { delete worker(o).securityContext.runAsNonRoot; },
  },
  {
    name: "writable root file system",
    expect: "readOnlyRootFilesystem is not true",
    apply: (o) => { api(o).containers[0].securityContext.readOnlyRootFilesystem = false; },
  },
  {
    name: "no /tmp emptyDir",
    expect: "no emptyDir at /tmp",
    apply: (o) => { worker(o).containers[0].volumeMounts = worker(o).containers[0].volumeMounts.filter((m) => m.mountPath !== "/tmp"); },
  },
  {
    name: "worker without resources",
    expect: "resources need",
    apply: (o) => { delete worker(o).containers[0].resources; },
  },
  {
    name: "a setting the binary does not read",
    expect: "TWINSOLVE_WORKER_COUNT (from ConfigMap/twinsolve-worker) is not read",
    apply: (o) => { get(o, "ConfigMap", "twinsolve-worker").data.TWINSOLVE_WORKER_COUNT = "2"; },
  },
  {
    name: "a serve-only setting in the worker's ConfigMap",
    expect: "TWINSOLVE_PORT (from ConfigMap/twinsolve-worker) is not read by twinsolve worker",
    apply: (o) => { get(o, "ConfigMap", "twinsolve-worker").data.TWINSOLVE_PORT = "8080"; },
  },
  {
    name: "grace period shorter than the drain",
    expect: "is not longer than the drain",
    apply: (o) => { worker(o).terminationGracePeriodSeconds = 30; },
  },
  {
    name: "queue URL naming no Redis Service",
    expect: "not a Service in front of the Redis StatefulSet",
    apply: (o) => { api(o).containers[0].env.find((e) => e.name === "TWINSOLVE_QUEUE").value = "redis://redis:6379"; },
  },
  {
    name: "ScaledObject on the wrong stream",
    expect: "stream jobs, the queue uses",
    apply: (o) => { scaled(o).triggers[0].metadata.stream = "jobs"; },
  },
  {
    name: "ScaledObject on the wrong consumer group",
    expect: "consumerGroup twinsolve",
    apply: (o) => { scaled(o).triggers[0].metadata.consumerGroup = "twinsolve"; },
  },
  {
    name: "ScaledObject scaling the API",
    expect: "is not the worker Deployment",
    apply: (o) => { scaled(o).scaleTargetRef.name = "twinsolve-api"; },
  },
  {
    name: "ScaledObject without the backlog trigger",
    expect: "no redis (list) trigger on the backlog",
    apply: (o) => { scaled(o).triggers = scaled(o).triggers.filter((t) => t.type !== "redis"); },
  },
  {
    name: "ScaledObject on the wrong backlog list",
    expect: "listName twinsolve:wait, the queue's backlog is",
    apply: (o) => { scaled(o).triggers.find((t) => t.type === "redis").metadata.listName = "twinsolve:wait"; },
  },
  {
    name: "backlog trigger reading another Redis",
    expect: "redis address redis:6379 is not the Redis Service",
    apply: (o) => { scaled(o).triggers.find((t) => t.type === "redis").metadata.address = "redis:6379"; },
  },
  {
    name: "workers scaled to zero",
    expect: "minReplicaCount must be 1 or more",
    apply: (o) => { scaled(o).minReplicaCount = 0; },
  },
  {
    name: "KEDA address in another namespace",
    expect: "is not the Redis Service of namespace",
    apply: (o) => { scaled(o).triggers[0].metadata.address = "twinsolve-redis.default.svc.cluster.local:6379"; },
  },
  {
    name: "NetworkPolicy selecting the API instead of Redis",
    expect: "no NetworkPolicy selects the Redis pods",
    apply: (o) => { redisPolicy(o).podSelector.matchLabels["app.kubernetes.io/component"] = "api"; },
  },
  {
    name: "NetworkPolicy open to every pod of the namespace",
    expect: "an empty podSelector lets every pod",
    apply: (o) => { redisPolicy(o).ingress[0].from[0].podSelector = { matchLabels: {} }; },
  },
  {
    name: "NetworkPolicy without the workers",
    expect: "the worker pods cannot reach Redis",
    apply: (o) => { redisPolicy(o).ingress[0].from.splice(1, 1); },
  },
  {
    name: "NetworkPolicy open to any namespace",
    expect: "a namespace peer other than KEDA's operator",
    apply: (o) => { redisPolicy(o).ingress[0].from.push({ namespaceSelector: {} }); },
  },
  {
    name: "Redis without AOF",
    expect: "without --appendonly yes",
    apply: (o) => {
      const c = get(o, "StatefulSet", "twinsolve-redis").spec.template.spec.containers[0];
      c.args = c.args.map((a) => (a === "yes" ? "no" : a));
    },
  },
  {
    name: "data volume ReadWriteOnce",
    expect: "is not a mounted ReadWriteMany claim",
    apply: (o) => { get(o, "PersistentVolumeClaim", "twinsolve-data").spec.accessModes = ["ReadWriteOnce"]; },
  },
  {
    name: "no PodDisruptionBudget for the workers",
    expect: "no PodDisruptionBudget selects its pods",
    apply: (o) => o.splice(o.findIndex((x) => x.kind === "PodDisruptionBudget" && x.metadata.name === "twinsolve-worker"), 1),
  },
  {
    name: "placeholder Secret in a production overlay",
    expect: "a placeholder Secret in an overlay",
    production: true,
    apply: () => {},
  },
];
