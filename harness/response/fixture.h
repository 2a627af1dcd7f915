/* Recorded answers for the response parsers: vectors/responses/<name>/ with
 * `response.http` (the raw HTTP/1.1 response, exactly as on the wire) and
 * `expect.json` (what the parser must make of it). Format: docs/responses.md.
 *
 * The same files serve the response unit test (parse and compare) and the
 * client-conformance examiner (replay `wire` as a scripted answer).
 *
 * Ownership: a loaded fixture owns every string and buffer in it; release
 * with ra_response_fixture_free. Lists from ra_response_fixture_list are
 * owned by the caller (ra_response_fixture_list_free). */
#ifndef RA_RESPONSE_FIXTURE_H
#define RA_RESPONSE_FIXTURE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "core/error.h"
#include "proto/header.h"
#include "response/response.h"

/* Largest response.http accepted (a fixture may exceed the parser's body
 * limit on purpose). */
#define RA_RESPONSE_FIXTURE_MAX (8u * 1024u * 1024u)

/* One expected string field of expect.json: key absent -> not checked;
 * JSON null -> the answer's field must be NULL; a string -> equal. */
struct ra_expect_str {
  int checked;
  char *value;      /* NULL when the field must be NULL */
};

struct ra_response_expect {
  ra_answer_kind kind;
  int envelope_checked;
  ra_envelope envelope;
  struct ra_expect_str error_type;
  struct ra_expect_str error_code;
  struct ra_expect_str request_id;
  struct ra_expect_str message_prefix;  /* message must start with it */
  struct ra_expect_str detail_contains; /* detail must contain it */
  int is_valid_checked;
  int is_valid;                         /* 1, 0 or -1 (JSON null) */
  int data_checked;
  struct ra_answer_data *data;          /* exact list, in order */
  size_t data_count;
};

struct ra_response_fixture {
  char *name;            /* directory base name */
  char *dir;             /* directory as given */
  char *profile;         /* "legacy-2014" | "json-2017" */
  char *source;          /* "observed: ..." | "doc: ..." | "inferred: ..." */
  int http_status;
  char *reason;          /* reason phrase, may be "" */
  struct ra_headers headers; /* in file order (+ Content-Length if added) */
  char *body;            /* body bytes, NUL-terminated for convenience */
  size_t body_len;
  /* The complete response to replay, byte for byte the file except that a
   * Content-Length header is inserted after the last header when the file
   * had none (content_length_added is then 1). */
  char *wire;
  size_t wire_len;
  int content_length_added;
  struct ra_response_expect expect;
};

void ra_response_fixture_init(struct ra_response_fixture *f);
void ra_response_fixture_free(struct ra_response_fixture *f);

/* Loads dir/response.http and dir/expect.json. On error fills err with
 * file:line:column and returns RA_E_IO, RA_E_PARSE or RA_E_TOO_LARGE; out
 * is then freed and left initialised. */
ra_code ra_response_fixture_load(const char *dir,
                                 struct ra_response_fixture *out,
                                 struct ra_error *err);

/* Every sub-directory of root holding a response.http, as "root/name",
 * sorted by name. */
ra_code ra_response_fixture_list(const char *root, char ***dirs_out,
                                 size_t *count_out, struct ra_error *err);
void ra_response_fixture_list_free(char **dirs, size_t count);

/* Runs the fixture's profile parser over its status, headers and body. */
ra_code ra_response_fixture_parse(const struct ra_response_fixture *f,
                                  struct ra_answer *out);

/* Compares an answer with the fixture's expectations (and its status).
 * Returns the number of mismatches; each is appended to why (may be NULL)
 * as one line "field: expected X, got Y". */
size_t ra_response_fixture_check(const struct ra_response_fixture *f,
                                 const struct ra_answer *a,
                                 struct ra_buf *why);

#endif
