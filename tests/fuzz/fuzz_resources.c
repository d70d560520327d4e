/*
 * fuzz_resources.c — libFuzzer target for request decoding per resource:
 * the first byte picks one of the API's input schemas (every schema a
 * route of the table decodes its body with: api_input_schema), the rest is the body, decoded
 * exactly as the route would (api_read).  Every decoded string must be
 * valid UTF-8 without NUL and within its field's limit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/user.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t schema_count(void)
{
	size_t n = 0;
	while (api_input_schema(n))
		n++;
	return n;
}

static void check_string(const char *s, size_t max_chars)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (!utf8_valid(s, n) || (max_chars && utf8_count(s, n) > max_chars))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct api_schema *schema = api_input_schema(data[0] % schema_count());
	struct req r;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, LIMIT_ARENA);
	buf_init(&r.body, LIMIT_BODY_JSON);
	void *out = calloc(1, schema->size);
	if (out && buf_append(&r.body, data + 1, size - 1) == SW_OK) {
		struct sw_error err;
		sw_error_clear(&err);
		if (api_read(&r, schema, (data[0] & 0x80) != 0, out, &err) == SW_OK) {
			for (size_t i = 0; i < schema->count; i++) {
				const struct field *f = &schema->fields[i];
				char *base = out;
				if (f->type == FT_STRING || f->type == FT_STRING_NULL)
					check_string(*(const char **)(base + f->offset), f->max_chars);
				if (f->type == FT_INT) {
					int v = *(int *)(base + f->offset);
					if (v != 0 && (v < f->min || v > f->max))
						__builtin_trap();
				}
				if (f->type == FT_FIXED2) {
					int v = *(int *)(base + f->offset);
					if (v != 0 && (v < f->min || v > f->max))
						__builtin_trap();
				}
				if (f->type == FT_INT64) {
					int64_t v = *(int64_t *)(base + f->offset);
					if (v != 0 && (v < f->min || v > f->max))
						__builtin_trap();
				}
				if (f->type == FT_STRINGS) {
					const char **v = *(const char ***)(base + f->offset);
					size_t n = *(size_t *)(base + f->count_offset);
					for (size_t k = 0; v && k < n; k++)
						check_string(v[k], 200);
				}
			}
			/* and the domain rules that follow decoding for accounts */
			if (schema == &api_schema_user) {
				struct sw_error verr;
				sw_error_clear(&verr);
				user_validate(out, (data[0] & 0x40) != 0, &verr);
				if (verr.field_count > SW_FIELD_ERRORS_MAX)
					__builtin_trap();
			}
		} else if (err.code == SW_OK) {
			__builtin_trap(); /* a failure must say why */
		}
	}
	free(out);
	buf_release(&r.body);
	arena_release(&r.arena);
	return 0;
}
