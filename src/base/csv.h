/*
 * csv.h — a bounded, streaming RFC 4180 reader and a writer.  The reader
 * takes input in chunks (a file read piece by piece, or a request body at
 * once) and yields one record at a time; quoted fields may hold commas,
 * quotes ("" inside quotes) and line breaks; CRLF and LF both end a
 * record; a UTF-8 byte-order mark at the start is skipped.  Every field
 * and record has a maximum, and input that is not valid UTF-8 or holds a
 * NUL is refused with the record's number.
 */
#ifndef SW_BASE_CSV_H
#define SW_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define CSV_FIELDS_MAX 256
#define CSV_RECORD_MAX (1024 * 1024) /* bytes of one record */

struct csv {
	struct buf record;             /* the current record's field bytes, NUL-separated */
	size_t starts[CSV_FIELDS_MAX]; /* offsets of the fields in record */
	size_t count;                  /* fields in the current record */
	int state;                     /* parser state between chunks */
	bool bom_checked;
	int64_t line; /* records completed so far */
};

void csv_init(struct csv *c);
void csv_release(struct csv *c);

/* Feed len bytes (last: no more input after these).  For each complete
 * record calls on_record(arg, fields, count, record_number); a non-zero
 * return from it stops with that code.  *used gets the bytes consumed
 * (all of them unless stopped).  SW_EINVALID with err naming the record
 * for malformed input. */
enum sw_err csv_feed(struct csv *c, const char *p, size_t len, bool last,
		     int (*on_record)(void *arg, const char *const *fields, size_t count, int64_t record), void *arg,
		     struct sw_error *err);

/* Append one field to out, quoted when it needs to be.  A field a
 * spreadsheet would run as a formula (it begins with = + - @, a tab or a
 * CR and is not a plain number) is written quoted after an apostrophe,
 * which spreadsheets show as text (CSV injection); the reader above takes
 * an apostrophe before such a field off again, so an export imports back
 * as it was. */
enum sw_err csv_put(struct buf *out, const char *field, bool first);
/* Append a record of n fields (NULL: empty) and its CRLF. */
enum sw_err csv_record(struct buf *out, const char *const *fields, size_t n);

#endif
