/*
 * fuzz_alert.h — what the two alert payload targets (fuzz_alertmanager.c,
 * fuzz_event.c) check of a decoder: the body decoded as the route would,
 * and every promise of api/alert_decode.h about what comes out.
 */
#ifndef SW_FUZZ_ALERT_H
#define SW_FUZZ_ALERT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/alert_decode.h"
#include "api/api.h"
#include "base/limits.h"
#include "base/util.h"

typedef enum sw_err (*fuzz_alert_decoder)(struct req *r, struct alert_batch *out, struct sw_error *err);

static inline void fuzz_alert_text(const char *s, size_t max_chars, bool controls)
{
	if (!s)
		__builtin_trap();
	size_t n = strlen(s);
	if (!utf8_valid(s, n) || utf8_count(s, n) > max_chars)
		__builtin_trap();
	for (size_t i = 0; !controls && i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			__builtin_trap();
}

static inline void fuzz_alert_decode(const uint8_t *data, size_t size, fuzz_alert_decoder decode)
{
	struct req r;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, LIMIT_ARENA);
	buf_init(&r.body, ALERT_BODY_MAX);
	if (buf_append(&r.body, data, size) == SW_OK) {
		struct alert_batch b;
		memset(&b, 0x55, sizeof(b));
		struct sw_error err;
		sw_error_clear(&err);
		if (decode(&r, &b, &err) != SW_OK) {
			if (err.code != SW_EBADREQ && err.code != SW_ETOOLARGE && err.code != SW_ENOMEM)
				__builtin_trap();
		} else {
			if (err.code || b.count > ALERT_BATCH_MAX || (b.count && !b.items))
				__builtin_trap();
			for (size_t i = 0; i < b.count; i++) {
				const struct alert_event *e = &b.items[i];
				fuzz_alert_text(e->name, ALERT_LABEL_VALUE_MAX, false);
				fuzz_alert_text(e->key, ALERT_LABEL_VALUE_MAX + 420, true);
				if ((unsigned)e->state >= ALERT_STATE__COUNT || (unsigned)e->severity >= ALERT_SEVERITY__COUNT ||
				    e->label_count > ALERT_LABELS_MAX)
					__builtin_trap();
				for (size_t k = 0; k < e->label_count; k++) {
					fuzz_alert_text(e->labels[k].name, ALERT_LABEL_NAME_MAX, false);
					fuzz_alert_text(e->labels[k].value, ALERT_LABEL_VALUE_MAX, false);
				}
				if (e->summary)
					fuzz_alert_text(e->summary, ALERT_LABEL_VALUE_MAX, false);
			}
		}
	}
	buf_release(&r.body);
	arena_release(&r.arena);
}

#endif
