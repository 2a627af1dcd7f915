/* The result model every reporter writes and every producer (runner,
 * client examiner) fills: one struct ra_verdict per case and profile, and a
 * struct ra_run for the whole run. It lives in proto/, below the peer
 * layers, so that the producers (runner/, client/), the case loader (grades)
 * and the reporters (report/) share it without including each other.
 * Strings are owned by the struct that holds them; redaction happens BEFORE
 * a string is stored here (reports never see secrets). */
#ifndef RA_PROTO_VERDICT_H
#define RA_PROTO_VERDICT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
  RA_STATUS_PASS = 0,
  RA_STATUS_FAIL,       /* conformance failure */
  RA_STATUS_ERROR,      /* harness/transport error: inconclusive */
  RA_STATUS_SKIP,
  RA_STATUS_TODO        /* failure listed in the baseline, failing the same way */
} ra_status;

typedef enum {
  RA_GRADE_NONE = 0,    /* no outcome matched (FAILED) */
  RA_GRADE_OK,
  RA_GRADE_NON_STRICT,
  RA_GRADE_INFORMATIONAL
} ra_grade;

const char *ra_status_name(ra_status s);   /* pass|fail|error|skip|todo */
const char *ra_grade_name(ra_grade g);     /* OK|NON-STRICT|INFORMATIONAL|FAILED */
/* Names back to values (a report or a recording read back): 0 on success,
 * -1 for an unknown name (*out untouched). */
int ra_status_parse(const char *name, ra_status *out);
int ra_grade_parse(const char *name, ra_grade *out);

struct ra_verdict {
  char *case_id;        /* "RA-FB-0003" */
  char *title;
  char *group;          /* JUnit classname: "<profile>.<area>" */
  char *profile;        /* "legacy-2014" / "json-2017" */
  char *tags;           /* comma-joined */
  char *source;         /* "doc: <quote>" / "observed: ..." / "inferred: ..." */
  ra_status status;
  ra_grade grade;
  char *reason;         /* skip/error/fail reason, one line */
  char *error_kind;     /* for RA_STATUS_ERROR: "timeout", "connect", ... */
  char *expected;       /* human text of the acceptable outcomes */
  char *actual;         /* status, type, code, body excerpt */
  char *observed_key;   /* how it failed, for baselines: "400 RequestError AWS.X" */
  char *request;        /* redacted request */
  char *response;       /* redacted response excerpt */
  char *curl;           /* reproducer with credentials masked */
  char *baseline_reason;/* for TODO */
  double duration_ms;
  char *note;           /* reporter remark, e.g. "stale baseline entry: ..."
                           (set by ra_baseline_apply; NULL when none) */
  char *level;          /* "MUST" / "SHOULD" / "MAY" (NULL: unknown) */
};

struct ra_run {
  char *suite_version;
  char *target_name;
  char *endpoint;       /* URL, credentials never included */
  char *endpoint_class; /* loopback | sandbox | production | remote */
  char *profile;        /* profile(s) run, comma-joined */
  char *rerun;          /* the command that reruns this run's target,
                           "raconform run --target FILE" (NULL: none);
                           ra_verdict_rerun() adds profile and case */
  int strict;
  char *shard;          /* "K/N" for a sharded run, else NULL */
  int64_t started_ms;   /* epoch ms */
  double duration_ms;
  struct ra_verdict *verdicts;
  size_t count;
  size_t cap;
};

void ra_verdict_init(struct ra_verdict *v);
void ra_verdict_free(struct ra_verdict *v);
void ra_run_init(struct ra_run *run);
void ra_run_free(struct ra_run *run);
/* Appends a zeroed verdict and returns it (borrowed; valid until the next
 * add). */
struct ra_verdict *ra_run_add(struct ra_run *run);

/* Thread-safe append for a runner with worker threads and an armed JUnit
 * snapshot writer (report_junit.h): moves *v (fully filled) into the run
 * under the run lock and zeroes *v. Use this, not ra_run_add, once
 * ra_report_junit_arm() is active, so a snapshot never sees a half-filled
 * verdict. */
void ra_run_append(struct ra_run *run, struct ra_verdict *v);
/* The run lock (one process-wide mutex): hold it while reading or changing
 * run->verdicts from more than one thread. */
void ra_run_lock(void);
void ra_run_unlock(void);
/* "<run->rerun> --profile P --run ID" as a new string, or NULL when the
 * run has no rerun command. */
char *ra_verdict_rerun(const struct ra_run *run, const struct ra_verdict *v);
/* Stores a copy of s (or NULL) in *slot, freeing the old value. */
void ra_verdict_set(char **slot, const char *s);

/* Counts of a run. total counts runs (case x profile), cases the distinct
 * case IDs among them; by_status indexed by ra_status, by_grade by ra_grade,
 * grades counted over judged verdicts only (pass, fail, todo): a skip or
 * an inconclusive error has no grade, so it is never "FAILED". */
struct ra_run_counts {
  size_t total;
  size_t cases;
  size_t by_status[5];
  size_t by_grade[4];
};
void ra_run_count(const struct ra_run *run, struct ra_run_counts *out);

/* The order of a run: profile-major in the order run->profile names them
 * (the runner's job order), then case id (the catalogue's order). A merge
 * of shards and a re-judged recording both end in this order. Not
 * thread-safe (one run sorted at a time). */
void ra_run_sort(struct ra_run *run);
/* Rank of profile p in a comma-joined list, RA_RUN_PROFILE_UNLISTED when it
 * is not in it. */
#define RA_RUN_PROFILE_UNLISTED ((size_t)1000)
size_t ra_run_profile_rank(const char *list, const char *p);

/* What a progress display shows while a producer (the runner, the client
 * examiner) works; handed to their progress callbacks, borrowed. */
struct ra_progress {
  size_t done;                  /* verdicts published */
  size_t total;                 /* jobs (case x profile, or scenarios) */
  size_t failures;              /* fail + error so far */
  int64_t elapsed_ms;
  const char *slowest_id;       /* the job running longest now, or NULL */
  const char *slowest_profile;  /* its profile, or NULL */
  int64_t slowest_ms;           /* how long it has been running */
  const char *finished;         /* client-check: one line about the
                                   scenario just published ("client-check:
                                   success: 1 request, reported 'ok' (0.4
                                   s)", the client's words escaped); NULL
                                   for a refresh, and always from the
                                   runner */
};

/* Starts *p with the counts; nothing running yet. */
void ra_progress_start(struct ra_progress *p, size_t done, size_t total,
                       size_t failures, int64_t elapsed_ms);
/* A job that has been running ms: kept as the slowest when it has run
 * longer than the one kept (and at least 1 ms). */
void ra_progress_running(struct ra_progress *p, const char *id,
                         const char *profile, int64_t ms);

#endif
