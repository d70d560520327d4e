/*
 * alert_decode.h — the two payload formats monitoring systems send
 * (docs/events.md), decoded from a request's body into core's struct
 * alert_batch: Alertmanager's webhook (version 4) and Steward's generic
 * event (one object, or an array of them).  Both are bounded: at most
 * ALERT_BATCH_MAX alerts (more is 413), ALERT_LABELS_MAX labels and
 * annotations each, label names of ALERT_LABEL_NAME_MAX characters;
 * values longer than ALERT_LABEL_VALUE_MAX characters are cut there and
 * control characters in them become spaces.  A payload that does not
 * follow its format is 400 (type "bad-payload") with the field paths at
 * fault; nothing is stored.  Everything decoded lives in the request's
 * arena.  Each has a libFuzzer target (tests/fuzz/fuzz_alertmanager.c,
 * fuzz_event.c).
 */
#ifndef SW_API_ALERT_DECODE_H
#define SW_API_ALERT_DECODE_H

#include "core/event/alert.h"
#include "http/http.h"

enum sw_err api_alertmanager_decode(struct req *r, struct alert_batch *out, struct sw_error *err);
enum sw_err api_event_decode(struct req *r, struct alert_batch *out, struct sw_error *err);
/* A payload stored by the fast path, decoded again for processing (an
 * alert_decode_fn): what it decodes lives in c's arena. */
enum sw_err api_alert_decode_stored(struct ctx *c, enum alert_format format, const char *body, size_t len,
				    struct alert_batch *out, struct sw_error *err);

#endif
