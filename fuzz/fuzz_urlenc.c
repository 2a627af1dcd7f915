/* libFuzzer target: the legacy form/query decoder. ra_urlenc_parse_query and
 * ra_urlenc_decode must never crash, leak or hang, in both modes, and the
 * encoder must round-trip: decode(encode(x)) == x for any bytes x.
 * Seeds: query strings and form bodies of vectors/legacy. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "proto/param.h"
#include "proto/urlenc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const char *bytes, size_t len)
{
  struct ra_buf enc, dec;
  ra_buf_init(&enc, RA_BUF_UNLIMITED);
  ra_buf_init(&dec, RA_BUF_UNLIMITED);
  if(ra_urlenc_encode(&enc, bytes, len, 0) ||
     ra_urlenc_decode(&dec, enc.ptr ? enc.ptr : "", enc.len,
                      RA_URLENC_STRICT) ||
     dec.len != len || (len && memcmp(dec.ptr, bytes, len)))
    __builtin_trap();
  ra_buf_free(&enc);
  ra_buf_free(&dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *bytes = (const char *)data;
  int mode;

  for(mode = RA_URLENC_STRICT; mode <= RA_URLENC_FORM; mode++) {
    struct ra_params params;
    struct ra_buf out;
    ra_code result;
    size_t i;

    ra_params_init(&params);
    result = ra_urlenc_parse_query(&params, bytes, size, (ra_urlenc_mode)mode,
                                   100);
    if(result == RA_OK) {
      struct ra_buf built;
      if(params.count > 100)
        __builtin_trap();
      for(i = 0; i < params.count; i++) {
        if(!params.items[i].name || !params.items[i].value ||
           params.items[i].value[params.items[i].value_len] != '\0')
          __builtin_trap();
        roundtrip(params.items[i].value, params.items[i].value_len);
      }
      /* What we parsed we can serialize again. */
      ra_buf_init(&built, RA_BUF_UNLIMITED);
      if(ra_urlenc_build_query(&built, &params))
        __builtin_trap();
      ra_buf_free(&built);
    }
    ra_params_free(&params);

    ra_buf_init(&out, RA_BUF_UNLIMITED);
    result = ra_urlenc_decode(&out, bytes, size, (ra_urlenc_mode)mode);
    /* Decoding never grows the text. */
    if(result == RA_OK && out.len > size)
      __builtin_trap();
    ra_buf_free(&out);
  }
  roundtrip(bytes, size);
  return 0;
}
