/*
 * http_int.h — what the files of http/ share with each other and nobody
 * else: the libmicrohttpd side of event streams (events.c) for server.c.
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

#endif
