/*
 * log.h — structured logging: one JSON object per line on stderr.
 *
 * Every line has "time" (RFC 3339), "level" and "msg"; extra key/value
 * pairs are strings or integers given as a NULL-terminated list of
 * (key, LOG_STR/LOG_INT, value) triples.  All client-supplied text is
 * escaped by the JSON writer.  Thread-safe: each line is one write(2).
 */
#ifndef SW_BASE_LOG_H
#define SW_BASE_LOG_H

#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_LEVEL__COUNT };

enum log_kind { LOG_END = 0, LOG_STR, LOG_INT };

void log_set_level(enum log_level lvl);
const char *log_level_name(enum log_level lvl);
enum log_level log_get_level(void);

/*
 * log_msg(LOG_INFO, "request", "method", LOG_STR, "GET", "status", LOG_INT,
 *         (int64_t)200, NULL);
 */
void log_msg(enum log_level lvl, const char *msg, ...);

#define log_info(msg) log_msg(LOG_INFO, (msg), (char *)0)
#define log_warn(msg) log_msg(LOG_WARN, (msg), (char *)0)
#define log_error(msg) log_msg(LOG_ERROR, (msg), (char *)0)

#endif
