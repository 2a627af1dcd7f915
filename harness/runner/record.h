/* Recordings (run --record DIR) and re-judging them (raconform rejudge).
 *
 * The runner hands every judged exchange to the recorder at the point where
 * it hands it to the judge (struct ra_judge_in): the request as sent,
 * redacted by ra_redact (proto/redact.h) exactly as the wire logs are (signatures,
 * Authorization, secrets), the feedback bytes sent, the answer whole (as
 * the transport's body cap left it; a secret echoed back is redacted), the
 * fixture observations before and after. A case that never reached the
 * judge (skipped, setup failed, concurrent copies, still transient) is
 * recorded with its verdict only. Re-judging rebuilds struct ra_judge_in
 * from the recording and calls the same judge with the current catalogue
 * and grading: no transport is created, nothing is sent.
 *
 * Layout (docs/recording.md): DIR/recording.json (format, suite version,
 * the target described without secrets, the case files' SHA-256, the list
 * of case runs) and DIR/cases/<profile>/<ID>.json (one per case run).
 *
 * A case whose request (its "needs" and "request" members, canonical JSON)
 * changed since the recording is skipped with that reason; one no longer
 * in the catalogue too. Expectations, titles and grading may change
 * freely: that is what re-judging is for. */
#ifndef RA_RUNNER_RECORD_H
#define RA_RUNNER_RECORD_H

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"
#include "runner/caseset.h"
#include "runner/judge.h"
#include "runner/target.h"

#define RA_RECORD_FORMAT "raconform-recording/1"

struct ra_recorder;

/* Creates DIR (and DIR/cases); refuses a DIR that holds anything but an
 * earlier recording (RA_E_CONFIG, err says so). */
ra_code ra_recorder_open(struct ra_recorder **out, const char *dir,
                         const struct ra_target *target,
                         const char *suite_version, int strict,
                         struct ra_error *err);
/* Records one case run (thread-safe; one file per case and profile).
 * in: the judged exchange, or NULL when the case never reached the judge;
 * v: its verdict; wire: the case's redacted wire log so far (or NULL). */
void ra_recorder_case(struct ra_recorder *r, const struct ra_case *c,
                      ra_profile p, const struct ra_judge_in *in,
                      const struct ra_verdict *v, const char *wire);
/* Writes DIR/recording.json and frees r. The first write failure of the
 * run (a case file or the manifest) is returned, err filled. */
ra_code ra_recorder_close(struct ra_recorder *r, struct ra_error *err);

/* The SHA-256 (hex) of a case file's bytes and of its request (canonical
 * JSON of its "needs", "request" and "profiles"). RA_E_IO when the file
 * cannot be read. */
ra_code ra_record_case_hashes(const struct ra_case *c, char file_hex[65],
                              char request_hex[65]);

/* Bytes stored by a recording (a JSON string, or {"base64": ...}) as a
 * new NUL-terminated copy; *out NULL for null. -1 for anything else. */
struct json_t;
int ra_record_bytes(struct json_t *v, char **out, size_t *len);

#endif
