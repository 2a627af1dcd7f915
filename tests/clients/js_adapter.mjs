// raconform client-check adapter for the AWS SDK for JavaScript v3
// (@aws-sdk/client-mturk, pinned in package.json / package-lock.json),
// json-2017.
//
// Environment in (SPEC §5), one line out on stdout: "ok", or the error the
// SDK raised: its name (the JSON __type) and, where the SDK exposes it as a
// field, the TurkErrorCode, e.g. "RequestError AWS.MechanicalTurk.
// InvalidAssignmentState". The SDK's default settings are kept: the
// "standard" retry strategy, 3 attempts.
// Run: raconform client-check --profile json-2017 -- node js_adapter.mjs
//      node js_adapter.mjs --version
import { readFileSync } from "node:fs";
import { MTurkClient, RejectAssignmentCommand } from "@aws-sdk/client-mturk";

if (process.argv[2] === "--version") {
  const pkg = JSON.parse(readFileSync(new URL(
    "./node_modules/@aws-sdk/client-mturk/package.json", import.meta.url)));
  console.log(`@aws-sdk/client-mturk ${pkg.version}`);
  process.exit(0);
}
const env = process.env;
if ((env.RACONFORM_PROFILE || "json-2017") !== "json-2017") {
  console.log(`error Unsupported profile ${env.RACONFORM_PROFILE}`);
  process.exit(0);
}
const client = new MTurkClient({
  region: "us-east-1",
  endpoint: env.RACONFORM_ENDPOINT,
  credentials: {
    accessKeyId: env.RACONFORM_ACCESS_KEY_ID,
    secretAccessKey: env.RACONFORM_SECRET_ACCESS_KEY,
  },
});
try {
  await client.send(new RejectAssignmentCommand({
    AssignmentId: env.RACONFORM_ASSIGNMENT_ID,
    RequesterFeedback: env.RACONFORM_FEEDBACK,
  }));
  console.log("ok");
} catch (e) {
  const type = (e && (e.name || e.Code)) || "Error";
  const code = (e && e.TurkErrorCode) || "";
  console.log(`${type} ${code}`.trim());
}
