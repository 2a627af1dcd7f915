// raconform client-check adapter for the AWS SDK for JavaScript v2
// (npm aws-sdk, pinned in package.json / package-lock.json), json-2017.
//
// Environment in (SPEC §5), one line out on stdout: "ok", or what the SDK's
// error exposes by default, "<code>: <message>" (the SDK v2 gives
// err.code = the JSON __type, e.g. RequestError, and no TurkErrorCode).
// Default client settings: maxRetries 3 (4 attempts), base delay 100 ms.
// Run: raconform client-check --profile json-2017 -- node jsv2_adapter.cjs
//      node jsv2_adapter.cjs --version
"use strict";
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
const AWS = require("aws-sdk");

if (process.argv[2] === "--version") {
  console.log(`aws-sdk ${AWS.VERSION}`);
  process.exit(0);
}
const env = process.env;
if ((env.RACONFORM_PROFILE || "json-2017") !== "json-2017") {
  console.log(`error Unsupported profile ${env.RACONFORM_PROFILE}`);
  process.exit(0);
}
const client = new AWS.MTurk({
  region: "us-east-1",
  endpoint: env.RACONFORM_ENDPOINT,
  credentials: new AWS.Credentials(env.RACONFORM_ACCESS_KEY_ID,
                                   env.RACONFORM_SECRET_ACCESS_KEY),
});
client.rejectAssignment({
  AssignmentId: env.RACONFORM_ASSIGNMENT_ID,
  RequesterFeedback: env.RACONFORM_FEEDBACK,
}, (err) => {
  if (!err) {
    console.log("ok");
    return;
  }
  const text = `${err.code || err.name || "Error"}: ${err.message || ""}`;
  console.log(text.split(/\r?\n/)[0]);
});
