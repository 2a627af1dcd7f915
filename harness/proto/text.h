/* Text cleaning: every string that reaches a report (report/) or a wire
 * log (runner/) goes through here first, so reports and logs are valid
 * UTF-8 without the control bytes that XML 1.0, YAML, TAP and terminals
 * cannot carry. Returned strings are new (caller frees with ra_free);
 * NULL input gives "". */
#ifndef RA_PROTO_TEXT_H
#define RA_PROTO_TEXT_H

#define RA_TEXT_KEEP_NEWLINES 1  /* keep '\n' (CR LF and lone CR become LF) */
#define RA_TEXT_KEEP_TABS 2      /* keep '\t' (otherwise a space) */

/* Invalid UTF-8 bytes become U+FFFD; C0 controls, DEL, U+FFFE/U+FFFF are
 * dropped except TAB/LF as flags say (a dropped LF/TAB becomes a space). */
char *ra_text_clean(const char *s, int flags);
/* One line: clean with newlines turned into spaces, trimmed. */
char *ra_text_line(const char *s);

#endif
