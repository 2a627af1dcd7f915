// raconform client-check adapter for the AWS SDK for JavaScript v3
// (@aws-sdk/client-mturk, json-2017).
//
// Environment in (SPEC §5), one line out on stdout:
//   ok                               the call returned normally
//   error <Type> [<TurkErrorCode>]   the client raised an error
// Run: raconform client-check --profile json-2017 -- node js_adapter.mjs
//
// The SDK's default is 3 attempts ("standard" mode); the examiner's retry
// scenarios script up to 3 failures, so the adapter asks for 5 attempts
// (AWS_MAX_ATTEMPTS, read by the SDK itself, wins when set).
import { MTurkClient, RejectAssignmentCommand } from "@aws-sdk/client-mturk";

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
  maxAttempts: Number(env.AWS_MAX_ATTEMPTS || 5),
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
  console.log(`error ${type} ${code}`.trim());
}
