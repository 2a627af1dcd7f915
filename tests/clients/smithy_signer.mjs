// An external signer for `raconform vectors --signer` (docs/vectors.md)
// built on the JavaScript SDK v3's own SigV4 signer, @smithy/signature-v4
// (pinned in package.json / package-lock.json): a second implementation,
// independent of botocore and of raconform's C signers, recomputes every
// SigV4 vector. The legacy schemes (MTurk HMAC-SHA1, SigV1) are the few
// lines of HMAC-SHA1 they are.
//
// Reads one vector's inputs (JSON) on stdin, prints the Authorization
// value (SigV4) or the Base64 signature (legacy).
// Run: raconform vectors --signer "node tests/clients/smithy_signer.mjs"
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { SignatureV4 } from "@smithy/signature-v4";

class Sha256 {
  constructor(secret) {
    this.h = secret ? createHmac("sha256", Buffer.from(secret))
                    : createHash("sha256");
  }
  update(data) {
    this.h.update(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

function b64HmacSha1(secret, text) {
  return createHmac("sha1", Buffer.from(secret, "utf8"))
    .update(Buffer.from(text, "utf8")).digest("base64");
}

// "20150830T123600Z" as a Date.
function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

async function sigv4(v) {
  const headers = {};
  for (const [name, value] of v.headers) {
    // A repeated header is one header of values joined with "," in the
    // order sent (the SigV4 rule; smithy takes one value per name).
    const key = Object.keys(headers).find(
      (k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  const query = {};
  for (const seg of (v.query || "").split("&").filter(Boolean)) {
    const i = seg.indexOf("=");
    const name = decodeURIComponent(i < 0 ? seg : seg.slice(0, i));
    const value = i < 0 ? "" : decodeURIComponent(seg.slice(i + 1));
    query[name] = name in query ? [].concat(query[name], value) : value;
  }
  if (v.payload_hash && !Object.keys(headers).some(
    (k) => k.toLowerCase() === "x-amz-content-sha256")) {
    throw new Error("payload_hash without an x-amz-content-sha256 header");
  }
  const names = Object.keys(headers).map((k) => k.toLowerCase());
  const wanted = v.signed_headers ? new Set(v.signed_headers.split(";"))
                                  : new Set(names);
  const signer = new SignatureV4({
    credentials: { accessKeyId: v.access_key_id,
                   secretAccessKey: v.secret },
    region: v.region,
    service: v.service,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const host = Object.entries(headers).find(
    ([k]) => k.toLowerCase() === "host")[1];
  const signed = await signer.sign({
    method: v.method,
    protocol: "https:",
    hostname: host,
    path: v.path,
    query,
    headers,
    body: v.body ?? "",
  }, {
    signingDate: parseAmzDate(v.amz_date),
    signableHeaders: wanted,
    unsignableHeaders: new Set(names.filter((n) => !wanted.has(n))),
  });
  return signed.headers.authorization;
}

const v = JSON.parse(readFileSync(0, "utf8"));
if (v.scheme === "mturk") {
  console.log(b64HmacSha1(v.secret, v.service + v.operation + v.timestamp));
} else if (v.scheme === "sigv1") {
  // Every parameter handed over, sorted by name without case (stable).
  const params = [...v.params].sort((a, b) => {
    const x = a[0].toLowerCase(), y = b[0].toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  console.log(b64HmacSha1(v.secret, params.map(([n, x]) => n + x).join("")));
} else {
  console.log(await sigv4(v));
}
