// The YAML stream `kubectl kustomize` prints, as plain objects.
import { parseAllDocuments } from "yaml";

export function parseDocuments(text) {
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}
