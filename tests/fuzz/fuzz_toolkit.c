/*
 * fuzz_toolkit.c — libFuzzer target for the toolkit bundle reader
 * (api_toolkit_read, api/toolkit.h), which takes bundle files from the
 * command line and bodies of POST /api/v1/toolkits/apply.  It must never
 * crash, and what it accepts must hold its promises: at most
 * TOOLKIT_ITEMS_MAX items, each of a section, with a key, a version from
 * 1, a name, a decoded input and a hex SHA-256; what it refuses is a bad
 * request, too large, or field errors.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/toolkit.h"
#include "base/limits.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text(const char *s, size_t max_chars)
{
	if (!s)
		__builtin_trap();
	size_t n = strlen(s);
	if (!utf8_valid(s, n) || utf8_count(s, n) > max_chars)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, LIMIT_ARENA);
	r.ctx.arena = &r.arena;
	buf_init(&r.body, LIMIT_TOOLKIT_BYTES + 1);
	if (buf_append(&r.body, data, size) == SW_OK) {
		struct toolkit_bundle b;
		memset(&b, 0x55, sizeof(b));
		struct sw_error err;
		sw_error_clear(&err);
		if (api_toolkit_read(&r, &b, &err) != SW_OK) {
			if (err.code != SW_EBADREQ && err.code != SW_ETOOLARGE && err.code != SW_EINVALID &&
			    err.code != SW_ENOMEM)
				__builtin_trap();
			if (err.code == SW_EINVALID && !err.field_count)
				__builtin_trap();
		} else {
			if (err.code || b.count > TOOLKIT_ITEMS_MAX || (b.count && !b.items) || b.version < 1)
				__builtin_trap();
			text(b.name, TOOLKIT_KEY_MAX);
			for (size_t i = 0; i < b.count; i++) {
				const struct toolkit_item *it = &b.items[i];
				text(it->key, TOOLKIT_KEY_MAX);
				text(it->name, LIMIT_NAME_LEN);
				if (!it->section || !it->in || !it->path || it->version < 1 || !it->hash ||
				    strlen(it->hash) != TOOLKIT_HASH_LEN - 1)
					__builtin_trap();
			}
		}
	}
	buf_release(&r.body);
	arena_release(&r.arena);
	return 0;
}
