// Validates an Aspire manifest against the Aspire JSON schema (draft-07): node validate-manifest.mjs SCHEMA MANIFEST
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const Ajv = createRequire(import.meta.url)("ajv");
const [schemaPath, manifestPath] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
delete schema.$schema; // draft-07 is ajv's default; the meta-schema URL is not fetched.
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
if (validate(JSON.parse(readFileSync(manifestPath, "utf8")))) {
  console.log("valid");
} else {
  for (const error of validate.errors) console.log(`${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  process.exit(1);
}
