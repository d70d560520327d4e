/*
 * assets.c — the embedded web UI files (base/embed.h) as answers.  They
 * change only with the binary, so each gets a strong ETag from a hash of
 * its bytes, computed once at start-up, and is served with
 * Cache-Control: no-cache: a browser keeps it and asks again with
 * If-None-Match, which server.c answers 304 without the bytes.  (URLs
 * without a content hash cannot be cached for long; revalidating costs a
 * round trip and no transfer.)  The bytes are answered from the binary's
 * own copy, not copied per request.
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
	char etag[2 * ETAG_HASH_BYTES + 3]; /* "hex" */
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
	http_header(r, "ETag", a->etag);
	return SW_OK;
}
