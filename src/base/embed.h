/*
 * embed.h — files compiled into the binary by tools/embed.c (migrations,
 * web assets, toolkits, the demo's data).  Arrays end with an entry whose name is NULL.  data is
 * NUL-terminated (one byte past len) so text files can be used as strings.
 */
#ifndef SW_BASE_EMBED_H
#define SW_BASE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct embedded_file embedded_migrations[];
extern const struct embedded_file embedded_web[];
extern const struct embedded_file embedded_toolkits[]; /* the JSON files of toolkits/, by file name */
extern const struct embedded_file embedded_demo[];     /* the JSON files of demo/, by file name */

#endif
