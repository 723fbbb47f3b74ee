// Validates every object of a rendered chart (multi-document YAML on stdin) against the
// Kubernetes schemas of kubernetes-models. Exit code 1 names each object that fails.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const documents = yaml.loadAll(readFileSync(0, "utf8")).filter((document) => document);
const failures = [];

for (const document of documents) {
  const name = `${document.kind}/${document.metadata?.name}`;
  try {
    const models = await import(`kubernetes-models/${document.apiVersion}`);
    const Model = models[document.kind];
    if (!Model) {
      throw new Error(`no schema for ${document.apiVersion} ${document.kind}`);
    }
    new Model(document).validate();
  } catch (error) {
    failures.push(`${name}: ${error.message}`);
  }
}

for (const failure of failures) {
  console.error(failure);
}
console.log(`${documents.length - failures.length} valid, ${failures.length} invalid`);
process.exit(failures.length === 0 && documents.length > 0 ? 0 : 1);
