// Schema validation of one object with the model class of its apiVersion and kind:
// kubernetes-models for the built-in API groups, @kubernetes-models/keda for keda.sh.
const modelCache = new Map();

export function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") return `@kubernetes-models/keda/keda.sh/${version}/${kind}`;
  return group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

async function modelFor(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (!modelCache.has(key)) {
    let model = null;
    if (/^[a-z0-9./]+$/i.test(apiVersion) && /^[A-Za-z]+$/.test(kind)) {
      try {
        model = (await import(modulePath(apiVersion, kind)))[kind] ?? null;
      } catch (error) {
        if (error.code !== "ERR_MODULE_NOT_FOUND" && error.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
      }
    }
    modelCache.set(key, model);
  }
  return modelCache.get(key);
}

// An empty list when the object is valid, else the schema's messages.
export async function schemaProblems(object) {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["no apiVersion or kind"];
  const Model = await modelFor(apiVersion, kind);
  if (!Model) return [`${apiVersion} ${kind}: no schema for this kind (unknown API or kind)`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`schema: ${error.message}`];
  }
}
