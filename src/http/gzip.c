/*
 * gzip.c — compressing answers; the only file that includes zlib.h.
 * server.c compresses JSON and text answers for clients that accept gzip,
 * assets.c each web UI file once at start-up.
 *
 * A deflate stream holds about 256 KB (window, hash chains, pending
 * output), and setting up a fresh one costs more than compressing an
 * answer (about 58 us whatever the size; 1.5 KB of JSON then takes 6 us
 * and 20 KB 13 us on a reused stream): the memory is new each time and
 * every page of it faults in.  So each
 * request thread keeps one stream for the answers' level and resets it
 * between uses; it is freed when the thread ends.  Other levels (the
 * assets, once) get a stream of their own.
 */
#include <pthread.h>
#include <stdlib.h>
#include <zlib.h>

#include "http/http_int.h"
#include "base/banned.h"

static pthread_key_t stream_key;
static pthread_once_t stream_once = PTHREAD_ONCE_INIT;
static bool key_ok;

static void stream_free(void *p)
{
	deflateEnd(p);
	free(p);
}

static void make_key(void)
{
	key_ok = pthread_key_create(&stream_key, stream_free) == 0;
}

/* windowBits 15 + 16: a gzip wrapper; memory level 8, as gzip(1) */
static bool stream_init(z_stream *z, int level)
{
	return deflateInit2(z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

/* This thread's stream at GZIP_ANSWER_LEVEL, reset; NULL when none can be had. */
static z_stream *thread_stream(void)
{
	pthread_once(&stream_once, make_key);
	if (!key_ok)
		return NULL;
	z_stream *z = pthread_getspecific(stream_key);
	if (z)
		return deflateReset(z) == Z_OK ? z : NULL;
	z = calloc(1, sizeof(*z));
	if (!z)
		return NULL;
	if (!stream_init(z, GZIP_ANSWER_LEVEL)) {
		free(z);
		return NULL;
	}
	if (pthread_setspecific(stream_key, z) != 0) {
		stream_free(z);
		return NULL;
	}
	return z;
}

enum sw_err gzip_compress(const void *in, size_t len, int level, unsigned char **out, size_t *out_len)
{
	z_stream own = {0};
	z_stream *z = level == GZIP_ANSWER_LEVEL ? thread_stream() : NULL;
	if (!z) {
		if (!stream_init(&own, level))
			return SW_ENOMEM;
		z = &own;
	}
	enum sw_err rc = SW_OK;
	uLong bound = deflateBound(z, (uLong)len);
	unsigned char *b = malloc(bound ? bound : 1);
	if (!b) {
		rc = SW_ENOMEM;
		goto out;
	}
	z->next_in = (Bytef *)in;
	z->avail_in = (uInt)len;
	z->next_out = b;
	z->avail_out = (uInt)bound;
	/* deflateBound is room enough for one call to finish */
	if (deflate(z, Z_FINISH) != Z_STREAM_END) {
		free(b);
		rc = SW_EINTERNAL;
		goto out;
	}
	*out = b;
	*out_len = z->total_out;
out:
	if (z == &own)
		deflateEnd(&own);
	return rc;
}
