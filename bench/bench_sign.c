/* Signatures per second for each scheme, next to the bare primitive calls
 * they are built from, measured in the same run and printed as ratios (so
 * the figures mean something on any machine). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "bench.h"
#include "proto/param.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/sigv4.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define WINDOW_S 0.4

static const char mturk_string[] =
  "AWSMechanicalTurkRequesterRejectAssignment2015-08-30T12:36:00Z";
static const char body[] =
  "{\"AssignmentId\":\"3EXAMPLEASSIGNMENTID\",\"RequesterFeedback\":"
  "\"Does not follow instructions.\"}";

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct fixture {
  struct ra_params v1;
  struct ra_headers h;
  struct ra_sigv4_input in;
};

static volatile unsigned char sink;

static void op_hmac_sha1(struct fixture *f)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  (void)f;
  HMAC(EVP_sha1(), SECRET, (int)strlen(SECRET),
       (const unsigned char *)mturk_string, sizeof(mturk_string) - 1, md,
       &len);
  sink ^= md[0];
}

static void op_sha256(struct fixture *f)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  (void)f;
  EVP_Digest(body, sizeof(body) - 1, md, &len, EVP_sha256(), NULL);
  sink ^= md[0];
}

static void op_hmac_sha256(struct fixture *f)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  (void)f;
  HMAC(EVP_sha256(), SECRET, (int)strlen(SECRET),
       (const unsigned char *)body, sizeof(body) - 1, md, &len);
  sink ^= md[0];
}

static void op_mturk(struct fixture *f)
{
  char sig[RA_SIG_SHA1_B64_SIZE];
  (void)f;
  ra_signer_mturk(sig, SECRET, NULL, "RejectAssignment",
                  "2015-08-30T12:36:00Z");
  sink ^= (unsigned char)sig[0];
}

static void op_sigv1(struct fixture *f)
{
  char sig[RA_SIG_SHA1_B64_SIZE];
  ra_signer_sigv1(sig, SECRET, &f->v1);
  sink ^= (unsigned char)sig[0];
}

static void op_sigv4(struct fixture *f)
{
  struct ra_sigv4_output out;
  ra_sigv4_output_init(&out);
  ra_sigv4_sign(&out, &f->in);
  sink ^= (unsigned char)ra_buf_str(&out.signature)[0];
  ra_sigv4_output_free(&out);
}

static double rate(void (*op)(struct fixture *), struct fixture *f)
{
  double start = now_s();
  double elapsed;
  long n = 0;
  do {
    int i;
    for(i = 0; i < 256; i++)
      op(f);
    n += 256;
    elapsed = now_s() - start;
  } while(elapsed < WINDOW_S);
  return (double)n / elapsed;
}

int ra_bench_sign(void)
{
  struct fixture f;
  double r_sha1;
  double r_sha256;
  double r_hmac256;
  double r_mturk;
  double r_v1;
  double r_v4;
  memset(&f, 0, sizeof(f));
  ra_params_init(&f.v1);
  ra_params_adds(&f.v1, "AWSAccessKeyId", "AKIDEXAMPLE");
  ra_params_adds(&f.v1, "Operation", "RejectAssignment");
  ra_params_adds(&f.v1, "Version", "2014-08-15");
  ra_params_adds(&f.v1, "SignatureVersion", "1");
  ra_params_adds(&f.v1, "Timestamp", "2015-08-30T12:36:00Z");
  ra_params_adds(&f.v1, "AssignmentId", "3EXAMPLEASSIGNMENTID");
  ra_params_adds(&f.v1, "RequesterFeedback", "Does not follow instructions.");
  ra_headers_init(&f.h);
  ra_headers_add(&f.h, "Host", "mturk-requester.us-east-1.amazonaws.com");
  ra_headers_add(&f.h, "Content-Type", "application/x-amz-json-1.1");
  ra_headers_add(&f.h, "X-Amz-Date", "20150830T123600Z");
  ra_headers_add(&f.h, "X-Amz-Target",
                 "MTurkRequesterServiceV20170117.RejectAssignment");
  f.in.method = "POST";
  f.in.path = "/";
  f.in.headers = &f.h;
  f.in.payload = body;
  f.in.payload_len = sizeof(body) - 1;
  f.in.access_key_id = "AKIDEXAMPLE";
  f.in.secret = SECRET;
  f.in.region = RA_SIGV4_REGION;
  f.in.service = RA_SIGV4_SERVICE;
  f.in.amz_date = "20150830T123600Z";

  r_sha1 = rate(op_hmac_sha1, &f);
  r_sha256 = rate(op_sha256, &f);
  r_hmac256 = rate(op_hmac_sha256, &f);
  r_mturk = rate(op_mturk, &f);
  r_v1 = rate(op_sigv1, &f);
  r_v4 = rate(op_sigv4, &f);

  printf("baseline  hmac-sha1    %10.0f calls/s\n", r_sha1);
  printf("baseline  sha256       %10.0f calls/s\n", r_sha256);
  printf("baseline  hmac-sha256  %10.0f calls/s\n", r_hmac256);
  printf("scheme    mturk        %10.0f signatures/s  %.2f x hmac-sha1\n",
         r_mturk, r_mturk / r_sha1);
  printf("scheme    sigv1        %10.0f signatures/s  %.2f x hmac-sha1\n",
         r_v1, r_v1 / r_sha1);
  /* A SigV4 signature costs 2 SHA-256 and 5 HMAC-SHA256 at least: the
   * floor ratio against one HMAC-SHA256 is about 1/7. */
  printf("scheme    sigv4        %10.0f signatures/s  %.2f x sha256, "
         "%.3f x hmac-sha256 (floor ~%.3f)\n", r_v4, r_v4 / r_sha256,
         r_v4 / r_hmac256,
         1.0 / (5.0 + 2.0 * r_hmac256 / r_sha256));
  ra_params_free(&f.v1);
  ra_headers_free(&f.h);
  return 0;
}
