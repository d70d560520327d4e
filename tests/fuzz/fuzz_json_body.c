/*
 * fuzz_json_body.c — libFuzzer target for request-body decoding: the depth
 * pre-scan, jansson with duplicate-key rejection, and the field-table
 * decoder with every field type, as api/ runs them on outside input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"

struct input {
	const char *s, *n;
	int i;
	bool b, has_s, has_n, has_i, has_list;
	const char **list;
	size_t count;
};

static const struct field fields[] = {
	{"s", FT_STRING, 300, 0, 0, offsetof(struct input, s), offsetof(struct input, has_s), 0, false},
	{"n", FT_STRING_NULL, 0, 0, 0, offsetof(struct input, n), offsetof(struct input, has_n), 0, false},
	{"i", FT_INT, 0, 1, 3, offsetof(struct input, i), offsetof(struct input, has_i), 0, false},
	{"b", FT_BOOL, 0, 0, 0, offsetof(struct input, b), FIELD_NO_FLAG, 0, false},
	{"list", FT_STRINGS, 100, 0, 0, offsetof(struct input, list), offsetof(struct input, has_list),
	 offsetof(struct input, count), false},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, LIMIT_ARENA);
	buf_init(&r.body, LIMIT_BODY_JSON);
	if (buf_append(&r.body, data, size) == SW_OK) {
		struct sw_error err;
		sw_error_clear(&err);
		json_t *obj = NULL;
		if (api_body(&r, true, &obj, &err) == SW_OK) {
			struct input in;
			memset(&in, 0, sizeof(in));
			api_decode(&r, obj, fields, sizeof(fields) / sizeof(fields[0]), &in, &err);
			if (in.has_s && in.s && strlen(in.s) > 300 * 4)
				__builtin_trap();
			for (size_t k = 0; in.has_list && k < in.count; k++)
				if (in.list[k])
					(void)strlen(in.list[k]);
			json_decref(obj);
		}
	}
	buf_release(&r.body);
	arena_release(&r.arena);
	return 0;
}
