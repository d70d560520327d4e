/*
 * http_int.h — what the files of http/ share with each other and nobody
 * else: the libmicrohttpd side of event streams (events.c), compression
 * (gzip.c) and the connection deadlines (guard.c) for server.c.
 */
#ifndef SW_HTTP_HTTP_INT_H
#define SW_HTTP_HTTP_INT_H

#include <microhttpd.h>

#include "http/http.h"

/* The response for r->stream, which it takes over (r->stream becomes
 * NULL); NULL when out of memory, the stream then freed. */
struct MHD_Response *event_stream_response(struct req *r);
/* Free r->stream when it was never handed to a response. */
void event_stream_abandon(struct req *r);

/* gzip.c: in[0..len) (under 4 GiB) gzip-compressed at level 1-9 into a
 * new malloc'd block (*out, the caller frees it); SW_ENOMEM, or
 * SW_EINTERNAL when zlib fails.  Answers shorter than GZIP_MIN_LEN are not
 * worth it (the header and a round of deflate for a few bytes saved). */
#define GZIP_MIN_LEN 1024
/* Level 1: on JSON it keeps most of what level 6 saves (20 KB of incidents:
 * 778 bytes against 708; the OpenAPI document: 8.9 KB against 6.8 KB) at
 * a quarter of the CPU for the larger answers. */
#define GZIP_ANSWER_LEVEL 1
enum sw_err gzip_compress(const void *in, size_t len, int level, unsigned char **out, size_t *out_len);

/* guard.c: deadlines for receiving a request (see the top of guard.c).
 * Thread safety: guard_open/guard_close and the watchdog share a lock;
 * the phase functions are called by the connection's own thread only. */
struct guard_config {
	int64_t head_timeout_ms; /* head complete within this; 0: no deadlines */
	int64_t body_min_rate;   /* body bytes per second after that grace; 0: none */
};
enum guard_phase { GUARD_HEAD, GUARD_BODY, GUARD_BUSY, GUARD_PHASE__COUNT };
struct guard;
struct guard_conn;
/* Whether a connection in phase since since_ms, with body_bytes of its
 * body received, is past its deadline at now_ms (pure; unit-tested). */
bool guard_expired(const struct guard_config *c, enum guard_phase phase, int64_t since_ms, int64_t body_bytes,
		   int64_t now_ms);
/* Start the watchdog; NULL when out of memory or no thread. */
struct guard *guard_new(const struct guard_config *cfg);
/* Stop the watchdog; after the daemon has stopped.  Accepts NULL. */
void guard_free(struct guard *g);
/* A connection accepted on fd (its head phase starts); NULL: unguarded. */
struct guard_conn *guard_open(struct guard *g, int fd);
/* MHD closes the connection; c is freed.  Accepts NULL. */
void guard_close(struct guard *g, struct guard_conn *c);
/* Phases (each accepts NULL): head complete, body bytes read, body
 * complete, answer sent (the next request's head starts). */
void guard_head_done(struct guard_conn *c);
void guard_body(struct guard_conn *c, size_t n);
void guard_busy(struct guard_conn *c);
void guard_next(struct guard_conn *c);

#endif
