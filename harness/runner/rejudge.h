/* raconform rejudge: judges a recording (record.h) again with the current
 * catalogue and grading, without a transport: the judged exchanges are
 * rebuilt from the recording and handed to the same judge the runner uses
 * (judge.h). See record.h for what is recorded and docs/recording.md. */
#ifndef RA_RUNNER_REJUDGE_H
#define RA_RUNNER_REJUDGE_H

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"
#include "runner/caseset.h"

/* Fills run (initialised here): identity from the recording (target name,
 * endpoint, profiles; suite version: this build's), verdicts in run order.
 * strict: judge as --strict. A case no longer in set, or whose request
 * changed since the recording, is a skip saying so; a case recorded
 * without a judged exchange keeps its recorded verdict, with a note.
 * RA_E_UNSUPPORTED for another major format; RA_E_IO / RA_E_PARSE for a
 * missing or damaged recording (err names the file). */
ra_code ra_rejudge_run(struct ra_run *run, const char *dir,
                       const struct ra_caseset *set, int strict,
                       struct ra_error *err);

#endif
