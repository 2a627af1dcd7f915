/* One case of the catalogue (docs/cases.md): the loader for a case file and
 * the plain data the executor runs.
 *
 * ra_case_load validates the whole file (unknown fields, types, enums, the
 * rules between fields) and reports the first problem as
 * "file:line:column: text" in a struct ra_error. A struct ra_case owns every
 * string, array and value it points to; ra_case_free releases it all.
 * Optional strings are NULL when absent. */
#ifndef RA_RUNNER_CASEFILE_H
#define RA_RUNNER_CASEFILE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "core/error.h"
#include "proto/request.h"
#include "proto/utf8.h"
#include "proto/verdict.h"
#include "runner/target.h"
#include "runner/value.h"

typedef enum {
  RA_LEVEL_MUST = 0,
  RA_LEVEL_SHOULD,
  RA_LEVEL_MAY
} ra_level;

typedef enum {
  RA_SOURCE_DOC = 0,
  RA_SOURCE_OBSERVED,
  RA_SOURCE_INFERRED
} ra_source_kind;

typedef enum {
  RA_OUTCOME_SUCCESS = 0,
  RA_OUTCOME_ERROR,
  RA_OUTCOME_ANY
} ra_outcome_kind;

typedef enum {
  RA_CASE_ENVELOPE_ANY = 0,    /* not given */
  RA_CASE_ENVELOPE_RESULT,     /* <RejectAssignmentResult><Request>... */
  RA_CASE_ENVELOPE_OPERATION,  /* <RejectAssignmentResponse>... errors */
  RA_CASE_ENVELOPE_FRONT_DOOR  /* <Response><Errors>... */
} ra_case_envelope;

typedef enum {
  RA_AUTH_NONE = 0,
  RA_AUTH_OMIT_SIGNATURE,
  RA_AUTH_GARBLE_SIGNATURE,
  RA_AUTH_WRONG_SECRET,
  RA_AUTH_TIME_OFFSET,
  RA_AUTH_TAMPER_PARAM,              /* legacy */
  RA_AUTH_SIGV1_CASE_SENSITIVE_SORT, /* legacy */
  RA_AUTH_WRONG_REGION,              /* json */
  RA_AUTH_WRONG_SERVICE,             /* json */
  RA_AUTH_WRONG_SCOPE_DATE,          /* json */
  RA_AUTH_TAMPER_SIGNED_HEADER,      /* json */
  RA_AUTH_ADD_UNSIGNED_HEADER,       /* json */
  RA_AUTH_CONTENT_SHA256_MISMATCH,   /* json */
  RA_AUTH_TAMPER_BODY,               /* json */
  RA_AUTH_TRUNCATE_SIGNATURE,        /* the right signature, cut to half */
  RA_AUTH_SWAP_CASE_SIGNATURE,       /* legacy: Base64 letters case-swapped */
  RA_AUTH_OMIT_AMZ_DATE              /* json: X-Amz-Date left out after signing */
} ra_auth_mutation;

typedef enum {
  RA_POST_FEEDBACK_DEFAULT = 0, /* the default rule of docs/cases.md */
  RA_POST_FEEDBACK_UNCHANGED,
  RA_POST_FEEDBACK_SENT,
  RA_POST_FEEDBACK_NONE,        /* "feedback": null */
  RA_POST_FEEDBACK_FIRST_SENT,  /* the first of duplicated feedbacks */
  RA_POST_FEEDBACK_LAST_SENT    /* the last of duplicated feedbacks */
} ra_post_feedback;

/* A string option where "left out", "null" and "a value" differ
 * (e.g. legacy.version: default, omitted from the request, or sent). */
struct ra_opt_str {
  int set;      /* the key was present */
  int is_null;  /* its value was null */
  char *value;  /* the string when set and not null */
};

struct ra_case_param {
  char *name;
  struct ra_value *value;
};

/* legacy.timestamp_format: how the Timestamp parameter is written (the
 * same instant each time). */
typedef enum {
  RA_LEGACY_TS_SECONDS = 0,         /* "2015-08-30T12:36:00Z" (default) */
  RA_LEGACY_TS_MILLIS,              /* "2015-08-30T12:36:00.000Z" */
  RA_LEGACY_TS_OFFSET               /* "2015-08-30T07:36:00-05:00" */
} ra_legacy_ts;

struct ra_case_legacy {
  int use_post;                     /* method: 0 GET (default), 1 POST */
  ra_legacy_sig signature;          /* default RA_LEGACY_SIG_MTURK */
  ra_legacy_ts timestamp_format;    /* default RA_LEGACY_TS_SECONDS */
  struct ra_opt_str version;
  struct ra_opt_str service;
  struct ra_opt_str operation;
  struct ra_opt_str content_type;
  struct ra_opt_str raw_query;
  struct ra_opt_str raw_body;
};

struct ra_case_json {
  ra_json_escape escape;            /* default RA_JSON_ESCAPE_ASCII */
  struct ra_opt_str target;         /* X-Amz-Target */
  struct ra_opt_str content_type;
  struct ra_opt_str raw_body;
  struct ra_opt_str signed_headers;
  struct ra_opt_str method;         /* default "POST" */
  int content_sha256;
  long pad_to;                      /* 0: no padding */
};

struct ra_case_auth {
  ra_auth_mutation mutation;
  long seconds;                     /* time-offset */
  char *value;                      /* NULL: the mutation's default */
};

struct ra_case_request {
  char *operation;                  /* default "RejectAssignment" */
  ra_requester signer;              /* default owner */
  struct ra_case_param *params;     /* send order */
  size_t nparams;
  struct ra_case_param *extra_params; /* appended after params */
  size_t nextra;
  int has_legacy;
  struct ra_case_legacy legacy;
  int has_json;
  struct ra_case_json json;
  struct ra_case_auth auth;
  struct ra_case_request *setup;    /* each has nsetup == 0 */
  size_t nsetup;
  unsigned repeat;                  /* 0: not given (one request) */
  unsigned concurrent;              /* 0: not given */
};

struct ra_post {
  int has_state;
  ra_fixture_state state;
  ra_post_feedback feedback;
};

struct ra_outcome {
  ra_grade grade;
  ra_outcome_kind kind;
  int *statuses;                    /* empty: any status */
  size_t nstatuses;
  char **types;                     /* empty: any */
  size_t ntypes;
  char **codes;                     /* empty: any */
  size_t ncodes;
  ra_case_envelope envelope;
  char **roots;                     /* legacy root element names; empty: any */
  size_t nroots;
  char **content_types;             /* media types (no parameters); empty: any */
  size_t ncontent_types;
  int has_when;                     /* when.feedback_length_unit given */
  ra_length_unit when_length_unit;
  struct ra_post post;
  char *note;
};

struct ra_case_expect {
  struct ra_outcome *items;         /* empty when the profile is not run */
  size_t count;
};

struct ra_case_source {
  ra_source_kind kind;
  char *ref;
  char *quote;
  char *citation;
  char *reasoning;
  char *note;
  int unconfirmed;
};

struct ra_case_needs {
  ra_fixture_state fixture;         /* RA_FIXTURE_NONE: stateless */
  ra_requester fixture_owner;       /* default owner */
  /* RA_REQUESTER_BIT set the target must describe: the listed requesters,
   * plus the signer (owner/other) and fixture_owner of every request. */
  unsigned requesters;
  int observe;                      /* default 1 with a fixture, else 0 */
};

struct ra_case {
  char *id;
  char *title;
  char *area;
  char *file;                       /* path it was loaded from */
  char **tags;
  size_t ntags;
  ra_level level;
  struct ra_case_source source;
  unsigned profiles;                /* RA_PROFILE_BIT set */
  struct ra_case_needs needs;
  struct ra_case_request request;
  struct ra_case_expect expect[RA_PROFILE_COUNT]; /* index: ra_profile */
};

ra_code ra_case_load(struct ra_case **out, const char *path,
                     struct ra_error *err);
/* Same from text; source names it in errors and becomes case->file. */
ra_code ra_case_parse(struct ra_case **out, const char *text, size_t len,
                      const char *source, struct ra_error *err);
void ra_case_free(struct ra_case *c);

const char *ra_level_name(ra_level l);            /* MUST|SHOULD|MAY */
const char *ra_source_kind_name(ra_source_kind k); /* doc|observed|inferred */
const char *ra_outcome_kind_name(ra_outcome_kind k);
const char *ra_case_envelope_name(ra_case_envelope e);      /* "" for ANY */
const char *ra_auth_mutation_name(ra_auth_mutation m);

#endif
