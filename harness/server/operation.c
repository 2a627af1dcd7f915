/* The reference server's operations, once for both front doors: feedback
 * rules, the state machine, ownership, and the operation-level seeded
 * defects and variants (operation.h). */
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "server/operation.h"
#include "server/refserver_impl.h"

#define RACE_WINDOW_MS 50 /* check-then-set-race: the unlocked window */

const char *ra_op_name(ra_op op)
{
  switch(op) {
  case RA_OP_REJECT:
    return "RejectAssignment";
  case RA_OP_APPROVE:
    return "ApproveAssignment";
  case RA_OP_APPROVE_REJECTED:
    return "ApproveRejectedAssignment";
  default:
    return "GetAssignment";
  }
}

/* --- the RequesterFeedback rules ----------------------------------------- */

static int is_ws(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The widen-control-check defect: a "control character" test taken from a
 * Unicode class (Cc plus the line and paragraph separators) instead of the
 * documented list, so DEL (7F), C1 (C2 80..C2 9F) and U+2028/U+2029
 * (E2 80 A8/A9) are refused too. p points into valid UTF-8. */
static int wide_control_at(const char *p, size_t left)
{
  const unsigned char *u = (const unsigned char *)p;
  if(u[0] == 0x7F)
    return 1;
  if(u[0] == 0xC2 && left >= 2 && u[1] >= 0x80 && u[1] <= 0x9F)
    return 1;
  return u[0] == 0xE2 && left >= 3 && u[1] == 0x80 &&
         (u[2] == 0xA8 || u[2] == 0xA9);
}

ra_feedback_verdict ra_operation_check_feedback(const struct ra_refserver *s,
                                                const char *bytes, size_t len,
                                                struct ra_buf *stored)
{
  static const ra_defect_id feedback_ids[] = {
    RA_DEFECT_FEEDBACK_OFF_BY_ONE, RA_DEFECT_FEEDBACK_COUNT_BYTES,
    RA_DEFECT_FEEDBACK_COUNT_UTF16, RA_DEFECT_TRUNCATE_FEEDBACK,
    RA_DEFECT_NORMALIZE_FEEDBACK, RA_DEFECT_NORMALIZE_NFC,
    RA_DEFECT_NO_CONTROL_CHAR_CHECK, RA_DEFECT_ACCEPT_INVALID_UTF8,
    RA_DEFECT_REFUSE_TAB_NEWLINE, RA_DEFECT_HTML_ESCAPE_FEEDBACK,
    RA_DEFECT_FEEDBACK_LIMIT_EXCLUSIVE, RA_DEFECT_WIDEN_CONTROL_CHECK,
    RA_DEFECT_ASTRAL_NOT_COUNTED, RA_DEFECT_ASTRAL_REFUSED,
    RA_DEFECT_NUL_ENDS_CONTROL_CHECK, RA_DEFECT_CONTROL_CHECK_FIRST_LINE,
    RA_DEFECT_CONTROL_RANGE_OFF_BY_ONE, RA_DEFECT_ISSPACE_ALLOWS_VT_FF,
    RA_DEFECT_CRLF_TO_LF, RA_DEFECT_FEEDBACK_TOO_LONG_500
  };
  struct ra_defect_set feedback_defects;
  size_t max = RA_FEEDBACK_MAX_CHARS;
  size_t count;
  size_t keep = len;
  size_t start = 0;
  size_t i;
  int valid;

  memset(&feedback_defects, 0, sizeof(feedback_defects));
  for(i = 0; i < sizeof(feedback_ids) / sizeof(feedback_ids[0]); i++)
    ra_defect_set_add(&feedback_defects, feedback_ids[i]);
  ra_buf_reset(stored);
  if(!ra_defect_set_intersects(&s->defects, &feedback_defects)) {
    /* The reference rule: valid UTF-8, no forbidden control characters, at
     * most 1024 code points; stored byte-exact. */
    ra_feedback_verdict v = ra_feedback_check(bytes, len,
      ra_refserver_variant_on(s, RA_VARIANT_COUNT_UTF16) ?
      RA_LENGTH_UTF16 : RA_LENGTH_CODEPOINTS, max);
    if(v == RA_FEEDBACK_OK && len)
      ra_buf_put(stored, bytes, len);
    return v;
  }

  valid = ra_utf8_valid(bytes, len, NULL);
  if(!valid && !ra_refserver_defect_on(s, RA_DEFECT_ACCEPT_INVALID_UTF8))
    return RA_FEEDBACK_INVALID_UTF8;
  if(valid && ra_refserver_defect_on(s, RA_DEFECT_ASTRAL_REFUSED)) {
    /* The seeded bug: a 3-byte UTF-8 column ("utf8mb3") refuses 4-byte
     * sequences. */
    for(i = 0; i < len; i++) {
      if((unsigned char)bytes[i] >= 0xF0)
        return RA_FEEDBACK_INVALID_UTF8;
    }
  }
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)bytes[i];
    int forbidden = ra_feedback_forbidden_byte(c);
    if((c == '\0' &&
        ra_refserver_defect_on(s, RA_DEFECT_NUL_ENDS_CONTROL_CHECK)) ||
       (c == '\n' &&
        ra_refserver_defect_on(s, RA_DEFECT_CONTROL_CHECK_FIRST_LINE)))
      break; /* the check walks a C string / reads one line */
    if(c == 0x1F && ra_refserver_defect_on(s,
                                           RA_DEFECT_CONTROL_RANGE_OFF_BY_ONE))
      forbidden = 0; /* "c >= 14 && c < 31" */
    if((c == 0x0B || c == 0x0C) &&
       ra_refserver_defect_on(s, RA_DEFECT_ISSPACE_ALLOWS_VT_FF))
      forbidden = 0; /* isspace() took for "allowed whitespace" */
    if(!ra_refserver_defect_on(s, RA_DEFECT_NO_CONTROL_CHAR_CHECK) &&
       forbidden)
      return RA_FEEDBACK_CONTROL_CHAR;
    if(ra_refserver_defect_on(s, RA_DEFECT_REFUSE_TAB_NEWLINE) &&
       (c == '\t' || c == '\n' || c == '\r'))
      return RA_FEEDBACK_CONTROL_CHAR;
    if(ra_refserver_defect_on(s, RA_DEFECT_WIDEN_CONTROL_CHECK) &&
       wide_control_at(bytes + i, len - i))
      return RA_FEEDBACK_CONTROL_CHAR;
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_FEEDBACK_OFF_BY_ONE))
    max++;
  if(ra_refserver_defect_on(s, RA_DEFECT_FEEDBACK_LIMIT_EXCLUSIVE))
    max--; /* "count >= 1024" refuses the limit itself */
  if(!valid || ra_refserver_defect_on(s, RA_DEFECT_FEEDBACK_COUNT_BYTES))
    count = len;
  else if(ra_refserver_defect_on(s, RA_DEFECT_FEEDBACK_COUNT_UTF16))
    count = ra_utf8_utf16_units(bytes, len);
  else
    count = ra_utf8_codepoints(bytes, len);
  if(valid && ra_refserver_defect_on(s, RA_DEFECT_ASTRAL_NOT_COUNTED)) {
    /* The seeded bug: a counter that knows 1-, 2- and 3-byte leads only. */
    for(i = 0; i < len; i++) {
      if((unsigned char)bytes[i] >= 0xF0)
        count--;
    }
  }
  if(count > max) {
    if(!valid || !ra_refserver_defect_on(s, RA_DEFECT_TRUNCATE_FEEDBACK))
      return RA_FEEDBACK_TOO_LONG;
    keep = ra_utf8_prefix_len(bytes, len, max);
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_NORMALIZE_FEEDBACK)) {
    while(start < keep && is_ws(bytes[start]))
      start++;
    while(keep > start && is_ws(bytes[keep - 1]))
      keep--;
  }
  if(valid && keep > start &&
     ra_refserver_defect_on(s, RA_DEFECT_NORMALIZE_NFC)) {
    /* The seeded bug: "cleaning up" Unicode on the way in (libunistring). */
    size_t n = 0;
    uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)bytes + start,
                                keep - start, NULL, &n);
    if(nfc) {
      ra_buf_put(stored, nfc, n);
      free(nfc);
      return RA_FEEDBACK_OK;
    }
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_HTML_ESCAPE_FEEDBACK)) {
    /* The seeded bug: output escaping applied on the way in. */
    for(i = start; i < keep; i++) {
      switch(bytes[i]) {
      case '&': ra_buf_puts(stored, "&amp;"); break;
      case '<': ra_buf_puts(stored, "&lt;"); break;
      case '>': ra_buf_puts(stored, "&gt;"); break;
      case '"': ra_buf_puts(stored, "&quot;"); break;
      case '\'': ra_buf_puts(stored, "&#39;"); break;
      default: ra_buf_putc(stored, bytes[i]); break;
      }
    }
    return RA_FEEDBACK_OK;
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_CRLF_TO_LF)) {
    /* The seeded bug: text-mode line endings on the way in. */
    for(i = start; i < keep; i++) {
      if(!(bytes[i] == '\r' && i + 1 < keep && bytes[i + 1] == '\n'))
        ra_buf_putc(stored, bytes[i]);
    }
    return RA_FEEDBACK_OK;
  }
  if(keep > start)
    ra_buf_put(stored, bytes + start, keep - start);
  return RA_FEEDBACK_OK;
}

/* --- the state machine ---------------------------------------------------- */

/* The cesu8-surrogates defect: every 4-byte UTF-8 sequence (a character
 * outside the BMP) is rewritten as its UTF-16 surrogate pair, each half
 * encoded on its own in 3 bytes, as Java's "modified UTF-8" and MySQL's
 * utf8mb3 do. The input is valid UTF-8 (checked before). */
static void to_cesu8(struct ra_buf *b)
{
  struct ra_buf out;
  const unsigned char *p = (const unsigned char *)ra_buf_str(b);
  size_t i = 0;
  ra_buf_init(&out, RA_BUF_UNLIMITED);
  while(i < b->len) {
    if(p[i] >= 0xF0 && i + 4 <= b->len) {
      uint32_t cp = ((uint32_t)(p[i] & 0x07) << 18) |
                    ((uint32_t)(p[i + 1] & 0x3F) << 12) |
                    ((uint32_t)(p[i + 2] & 0x3F) << 6) |
                    (uint32_t)(p[i + 3] & 0x3F);
      uint32_t units[2];
      int k;
      cp -= 0x10000;
      units[0] = 0xD800 | (cp >> 10);
      units[1] = 0xDC00 | (cp & 0x3FF);
      for(k = 0; k < 2; k++) {
        ra_buf_putc(&out, (char)(0xE0 | (units[k] >> 12)));
        ra_buf_putc(&out, (char)(0x80 | ((units[k] >> 6) & 0x3F)));
        ra_buf_putc(&out, (char)(0x80 | (units[k] & 0x3F)));
      }
      i += 4;
    }
    else
      ra_buf_putc(&out, (char)p[i++]);
  }
  ra_buf_reset(b);
  ra_buf_put(b, ra_buf_str(&out), out.len);
  ra_buf_free(&out);
}

static ra_operation_outcome from_store(ra_store_outcome o)
{
  switch(o) {
  case RA_STORE_DONE:
    return RA_OPERATION_DONE;
  case RA_STORE_NOT_OWNER:
    return RA_OPERATION_NOT_OWNER;
  case RA_STORE_BAD_STATE:
    return RA_OPERATION_BAD_STATE;
  default:
    return RA_OPERATION_NO_SUCH;
  }
}

/* The states an operation accepts, as the InvalidAssignmentState message
 * lists them. */
static const char *expected_states(const struct ra_operation_request *rq)
{
  if(rq->op == RA_OP_APPROVE_REJECTED)
    return "Rejected";
  if(rq->op == RA_OP_APPROVE && rq->override_rejection)
    return "Submitted, Rejected";
  return "Submitted";
}

/* The store transition of a state-changing operation, with the seeded
 * defects of the state machine and the store applied. */
static void transition_for(const struct ra_refserver *s,
                           const struct ra_operation_request *rq,
                           struct ra_store_transition *tr)
{
  memset(tr, 0, sizeof(*tr));
  tr->id = rq->id;
  tr->owner = ra_refserver_defect_on(s, RA_DEFECT_NO_OWNER_CHECK) ? NULL :
              rq->akid;
  if(rq->op == RA_OP_REJECT) {
    tr->to = RA_ASSIGN_REJECTED;
    tr->from_mask = RA_ASSIGN_BIT(RA_ASSIGN_SUBMITTED);
    if(ra_refserver_defect_on(s, RA_DEFECT_REJECT_APPROVED))
      tr->from_mask |= RA_ASSIGN_BIT(RA_ASSIGN_APPROVED);
    if(ra_refserver_defect_on(s, RA_DEFECT_REJECT_REJECTED))
      tr->from_mask |= RA_ASSIGN_BIT(RA_ASSIGN_REJECTED);
  }
  else if(rq->op == RA_OP_APPROVE) {
    tr->to = RA_ASSIGN_APPROVED;
    tr->from_mask = RA_ASSIGN_BIT(RA_ASSIGN_SUBMITTED);
    if(rq->override_rejection)
      tr->from_mask |= RA_ASSIGN_BIT(RA_ASSIGN_REJECTED);
  }
  else {
    tr->to = RA_ASSIGN_APPROVED;
    tr->from_mask = RA_ASSIGN_BIT(RA_ASSIGN_REJECTED);
  }
  tr->race_window_ms =
    ra_refserver_defect_on(s, RA_DEFECT_CHECK_THEN_SET_RACE) ?
    RACE_WINDOW_MS : 0;
  tr->prefix_match =
    ra_refserver_defect_on(s, RA_DEFECT_ASSIGNMENT_ID_PREFIX_MATCH);
  tr->state_before_owner = ra_refserver_defect_on(s,
                                                  RA_DEFECT_STATE_BEFORE_OWNER);
  tr->feedback_first = ra_refserver_defect_on(s,
                                              RA_DEFECT_FEEDBACK_BEFORE_CHECKS);
}

/* GetAssignment: the caller's own assignment only (no-owner-check: any). */
static void get_assignment(struct ra_refserver *s,
                           const struct ra_operation_request *rq,
                           struct ra_operation_result *out)
{
  if(ra_store_get(s->store, rq->id, &out->assignment)) {
    memset(&out->assignment, 0, sizeof(out->assignment));
    out->outcome = RA_OPERATION_NO_SUCH;
    return;
  }
  if(strcmp(out->assignment.owner, rq->akid) &&
     !ra_refserver_defect_on(s, RA_DEFECT_NO_OWNER_CHECK)) {
    ra_assignment_view_free(&out->assignment);
    memset(&out->assignment, 0, sizeof(out->assignment));
    out->outcome = RA_OPERATION_NOT_OWNER;
    return;
  }
  out->outcome = RA_OPERATION_DONE;
}

/* The value to store: the checked one (NULL stored), or after the
 * duplicate-feedback-split and cesu8-surrogates defects. */
static ra_feedback_verdict feedback_to_store(
  const struct ra_refserver *s, const struct ra_operation_request *rq,
  struct ra_buf *stored)
{
  ra_feedback_verdict v = ra_operation_check_feedback(s, rq->feedback,
                                                      rq->feedback_len,
                                                      stored);
  if(v != RA_FEEDBACK_OK)
    return v;
  if(rq->store_instead) {
    /* The seeded bug: the first value was validated, the last (a later
     * map insert) is stored. */
    ra_buf_reset(stored);
    ra_buf_put(stored, rq->store_instead, rq->store_instead_len);
  }
  if(rq->profile == RA_SERVE_JSON &&
     ra_refserver_defect_on(s, RA_DEFECT_CESU8_SURROGATES))
    to_cesu8(stored);
  return RA_FEEDBACK_OK;
}

void ra_operation_run(struct ra_refserver *s,
                      const struct ra_operation_request *rq,
                      struct ra_operation_result *out)
{
  struct ra_store_transition tr;
  struct ra_buf stored;
  int early = 0;

  memset(out, 0, sizeof(*out));
  out->current = RA_ASSIGN_SUBMITTED;
  out->expected = expected_states(rq);
  if(rq->op == RA_OP_GET) {
    get_assignment(s, rq, out);
    return;
  }
  ra_buf_init(&stored, RA_BUF_UNLIMITED);
  transition_for(s, rq, &tr);
  if(rq->op == RA_OP_REJECT &&
     ra_refserver_defect_on(s, RA_DEFECT_STATE_BEFORE_VALIDATE)) {
    /* The seeded bug: the state moves before the feedback is looked at. */
    struct ra_store_transition first = tr;
    first.set_feedback = 0;
    out->outcome = from_store(ra_store_transition(s->store, &first,
                                                  &out->current));
    if(out->outcome != RA_OPERATION_DONE)
      goto done;
    early = 1;
  }
  if(rq->has_feedback) {
    out->verdict = feedback_to_store(s, rq, &stored);
    if(out->verdict != RA_FEEDBACK_OK) {
      out->outcome = RA_OPERATION_FEEDBACK_REFUSED;
      goto done;
    }
    tr.set_feedback = 1;
    tr.feedback = ra_buf_str(&stored);
    tr.feedback_len = stored.len;
  }
  if(early) {
    /* Already rejected above: only store the feedback. */
    tr.from_mask = RA_ASSIGN_BIT(RA_ASSIGN_REJECTED);
    tr.race_window_ms = 0;
  }
  out->outcome = from_store(ra_store_transition(s->store, &tr,
                                                &out->current));
done:
  ra_buf_free(&stored);
}

void ra_operation_result_free(struct ra_operation_result *r)
{
  if(r->assignment.id)
    ra_assignment_view_free(&r->assignment);
  memset(&r->assignment, 0, sizeof(r->assignment));
}

ra_operation_outcome ra_operation_peek(struct ra_refserver *s, const char *id,
                                       ra_assign_status *current)
{
  struct ra_assignment_view av;
  ra_operation_outcome o = RA_OPERATION_DONE;
  if(ra_store_get(s->store, id, &av))
    return RA_OPERATION_NO_SUCH;
  *current = av.status;
  if(av.status != RA_ASSIGN_SUBMITTED)
    o = RA_OPERATION_BAD_STATE;
  ra_assignment_view_free(&av);
  return o;
}
