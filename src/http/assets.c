/*
 * assets.c — the embedded web UI files (base/embed.h) as answers.  They
 * change only with the binary, so each gets a strong ETag from a hash of
 * its bytes, computed once at start-up, and is served with
 * Cache-Control: no-cache: a browser keeps it and asks again with
 * If-None-Match, which server.c answers 304 without the bytes.  (URLs
 * without a content hash cannot be cached for long; revalidating costs a
 * round trip and no transfer.)  Each file is also gzip-compressed once, at
 * the highest level; that copy is another representation, so it has an
 * ETag of its own ("<hash>-gzip", RFC 9110 8.8.3).  Both are answered
 * from memory built at start-up, not copied per request.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "http/http_int.h"
#include "base/banned.h"

#define ETAG_HASH_BYTES 16 /* 128 bits of BLAKE2b: collisions are not a concern */

struct asset {
	const struct embedded_file *file;
	char etag[2 * ETAG_HASH_BYTES + 3];    /* "hex" */
	char gz_etag[2 * ETAG_HASH_BYTES + 8]; /* "hex-gzip" */
	unsigned char *gz;                     /* NULL: not worth it (small, or no smaller) */
	size_t gz_len;
};

static struct asset *assets; /* one per embedded_web entry; built once, then read-only */
static size_t asset_count;
static pthread_once_t assets_once = PTHREAD_ONCE_INIT;

static void build(void)
{
	size_t n = 0;
	while (embedded_web[n].name)
		n++;
	struct asset *a = calloc(n ? n : 1, sizeof(*a));
	if (!a)
		return; /* answered without validators (see http_reply_asset) */
	for (size_t i = 0; i < n; i++) {
		const struct embedded_file *f = &embedded_web[i];
		unsigned char h[ETAG_HASH_BYTES];
		char hex[2 * ETAG_HASH_BYTES + 1];
		crypto_generichash(h, sizeof(h), f->data, f->len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		a[i].file = f;
		snprintf(a[i].etag, sizeof(a[i].etag), "\"%s\"", hex);
		snprintf(a[i].gz_etag, sizeof(a[i].gz_etag), "\"%s-gzip\"", hex);
		if (f->len >= GZIP_MIN_LEN && gzip_compress(f->data, f->len, 9, &a[i].gz, &a[i].gz_len) == SW_OK &&
		    a[i].gz_len >= f->len) {
			free(a[i].gz);
			a[i].gz = NULL;
		}
	}
	asset_count = n;
	assets = a;
}

void http_assets_init(void)
{
	pthread_once(&assets_once, build);
}

static const struct asset *find(const struct embedded_file *f)
{
	http_assets_init();
	for (size_t i = 0; i < asset_count; i++)
		if (assets[i].file == f)
			return &assets[i];
	return NULL;
}

enum sw_err http_reply_asset(struct req *r, const struct embedded_file *f, const char *content_type,
			     struct sw_error *err)
{
	(void)err;
	const struct asset *a = find(f);
	buf_reset(&r->out);
	r->body_ref = f->data;
	r->body_ref_len = f->len;
	r->status = 200;
	r->content_type = content_type;
	r->answered = true;
	http_header(r, "Cache-Control", "no-cache");
	if (!a)
		return SW_OK;
	http_header(r, "Vary", "Accept-Encoding");
	if (a->gz && http_accepts_gzip(req_header(r, "Accept-Encoding"))) {
		r->body_ref = a->gz;
		r->body_ref_len = a->gz_len;
		http_header(r, "Content-Encoding", "gzip");
		http_header(r, "ETag", a->gz_etag);
	} else {
		http_header(r, "ETag", a->etag);
	}
	return SW_OK;
}
