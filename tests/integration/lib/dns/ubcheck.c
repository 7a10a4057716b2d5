/* ubcheck: resolve names through libunbound the way mtaudit does (forwarding to the test nsd,
 * DS trust anchors from a file) and print what the validator concluded.
 *
 *   gcc -o ubcheck ubcheck.c -lunbound
 *   ubcheck FORWARDER TRUST_ANCHOR_FILE NAME/TYPE...
 *   ubcheck 127.0.0.1@25353 WORKDIR/dns/trust-anchors.ds example.test/MX _25._tcp.mail.example.test/TLSA
 *
 * One line per query, in argument order:
 *   NAME TYPE STATUS RCODE NDATA [why_bogus]
 * STATUS is secure, insecure or bogus; RCODE NOERROR, NXDOMAIN, SERVFAIL, ...; NDATA the number of
 * records in the answer. The records of A, MX, TXT and TLSA answers follow, one a line:
 *   "  a: 127.0.0.1"   "  mx: 10 mail.example.test."   "  tlsa: 3 1 1 <hex>"
 *   "  txt[LEN]: <strings concatenated>" (LEN bytes in all; non-printable bytes and \ as \DDD)
 * Exit status: 0 when every query got an answer from libunbound (whatever its status), 2 on usage
 * or library errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unbound.h>

static const struct {
  const char *name;
  int type;
} kTypes[] = {
    {"A", 1},     {"NS", 2},     {"CNAME", 5}, {"SOA", 6},  {"PTR", 12},   {"MX", 15},
    {"TXT", 16},  {"AAAA", 28},  {"SRV", 33},  {"DS", 43},  {"RRSIG", 46}, {"NSEC", 47},
    {"DNSKEY", 48}, {"TLSA", 52}, {"CAA", 257},
};

static const char *kRcodes[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};

static int type_of(const char *s) {
  size_t i;
  for (i = 0; i < sizeof kTypes / sizeof kTypes[0]; i++)
    if (strcasecmp(s, kTypes[i].name) == 0) return kTypes[i].type;
  if (strncasecmp(s, "TYPE", 4) == 0) s += 4;
  return atoi(s);
}

static void print_txt(const unsigned char *p, int len) {
  int i = 0, total = 0;
  while (i < len) { /* the concatenated length first */
    int n = p[i++];
    total += n;
    i += n;
  }
  printf("  txt[%d]: ", total);
  i = 0;
  while (i < len) {
    int n = p[i++], j;
    for (j = 0; j < n && i < len; j++, i++) {
      unsigned char c = p[i];
      if (c >= 0x20 && c < 0x7f && c != '\\')
        putchar(c);
      else
        printf("\\%03u", c);
    }
  }
  putchar('\n');
}

static void print_name(const unsigned char *p, int len) { /* uncompressed wire-format name */
  int i = 0;
  if (i < len && p[i] == 0) putchar('.');
  while (i < len && p[i] != 0) {
    int n = p[i++], j;
    for (j = 0; j < n && i < len; j++, i++) putchar(p[i]);
    putchar('.');
  }
}

static void print_rdata(int type, const unsigned char *p, int len) {
  int i;
  switch (type) {
  case 1:
    if (len == 4) printf("  a: %u.%u.%u.%u\n", p[0], p[1], p[2], p[3]);
    break;
  case 15:
    if (len > 2) {
      printf("  mx: %u ", (unsigned)(p[0] << 8 | p[1]));
      print_name(p + 2, len - 2);
      putchar('\n');
    }
    break;
  case 16:
    print_txt(p, len);
    break;
  case 52:
    if (len > 3) {
      printf("  tlsa: %u %u %u ", p[0], p[1], p[2]);
      for (i = 3; i < len; i++) printf("%02x", p[i]);
      putchar('\n');
    }
    break;
  }
}

int main(int argc, char **argv) {
  struct ub_ctx *ctx;
  int i, err, rc = 0;
  if (argc < 4) {
    fprintf(stderr, "usage: %s FORWARDER TRUST_ANCHOR_FILE NAME/TYPE...\n", argv[0]);
    return 2;
  }
  ctx = ub_ctx_create();
  if (!ctx) {
    fprintf(stderr, "ub_ctx_create failed\n");
    return 2;
  }
  if ((err = ub_ctx_set_fwd(ctx, argv[1])) != 0 || (err = ub_ctx_add_ta_file(ctx, argv[2])) != 0) {
    fprintf(stderr, "libunbound setup: %s\n", ub_strerror(err));
    return 2;
  }
  /* libunbound serves "test." from a built-in empty local zone (RFC 6761); setting the
   * local-zone option through the API has no effect, removing the zone does. The removal
   * finalizes the context: every ub_ctx_set_* / ub_ctx_add_ta* call must come before it (after,
   * they fail with "setting change after finalize"). */
  if ((err = ub_ctx_zone_remove(ctx, "test.")) != 0) {
    fprintf(stderr, "ub_ctx_zone_remove(test.): %s\n", ub_strerror(err));
    return 2;
  }
  for (i = 3; i < argc; i++) {
    char name[512];
    const char *slash = strrchr(argv[i], '/');
    struct ub_result *res = NULL;
    int type, n = 0;
    if (!slash || (size_t)(slash - argv[i]) >= sizeof name) {
      fprintf(stderr, "bad query %s (want NAME/TYPE)\n", argv[i]);
      return 2;
    }
    memcpy(name, argv[i], (size_t)(slash - argv[i]));
    name[slash - argv[i]] = '\0';
    type = type_of(slash + 1);
    if ((err = ub_resolve(ctx, name, type, 1, &res)) != 0) {
      printf("%s %s error %s 0\n", name, slash + 1, ub_strerror(err));
      rc = 2;
      continue;
    }
    if (res->havedata)
      while (res->data[n]) n++;
    printf("%s %s %s ", name, slash + 1, res->secure ? "secure" : res->bogus ? "bogus" : "insecure");
    if (res->rcode >= 0 && res->rcode < (int)(sizeof kRcodes / sizeof kRcodes[0]))
      printf("%s", kRcodes[res->rcode]);
    else
      printf("RCODE%d", res->rcode);
    printf(" %d", n);
    if (res->bogus && res->why_bogus) printf(" %s", res->why_bogus);
    putchar('\n');
    {
      int k;
      for (k = 0; k < n; k++) print_rdata(type, (const unsigned char *)res->data[k], res->len[k]);
    }
    ub_resolve_free(res);
  }
  ub_ctx_delete(ctx);
  return rc;
}
