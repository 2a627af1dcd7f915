#include "core/code.h"

static const char *const code_names[] = {
#define RA_CODE_NAME(name, msg) #name,
  RA_CODE_TABLE(RA_CODE_NAME)
#undef RA_CODE_NAME
};

static const char *const code_messages[] = {
#define RA_CODE_MSG(name, msg) msg,
  RA_CODE_TABLE(RA_CODE_MSG)
#undef RA_CODE_MSG
};

const char *ra_code_name(ra_code code)
{
  if((unsigned)code >= RA_CODE_COUNT)
    return "RA_E_UNKNOWN";
  return code_names[code];
}

const char *ra_strerror(ra_code code)
{
  if((unsigned)code >= RA_CODE_COUNT)
    return "unknown code";
  return code_messages[code];
}
