/*
 * log.c — JSON-lines logging on stderr.  See log.h.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/jsonw.h"
#include "base/log.h"
#include "base/banned.h"

static atomic_int level = LOG_INFO;
static const char *const level_names[LOG_LEVEL__COUNT] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level lvl)
{
	atomic_store(&level, (int)lvl);
}

enum log_level log_get_level(void)
{
	return (enum log_level)atomic_load(&level);
}

const char *log_level_name(enum log_level lvl)
{
	return (lvl >= 0 && lvl < LOG_LEVEL__COUNT) ? level_names[lvl] : "info";
}

void log_msg(enum log_level lvl, const char *msg, ...)
{
	if ((int)lvl < atomic_load(&level))
		return;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char stamp[64], when[32];
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp, sizeof(stamp), "%s.%03dZ", when, (int)(ts.tv_nsec / 1000000) % 1000);

	struct buf b = BUF_INIT(16 * 1024);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "time", stamp);
	jsonw_kstr(&w, "level", log_level_name(lvl));
	jsonw_kstr(&w, "msg", msg);
	va_list ap;
	va_start(ap, msg);
	for (;;) {
		const char *key = va_arg(ap, const char *);
		if (!key)
			break;
		int kind = va_arg(ap, int);
		if (kind == LOG_INT)
			jsonw_kint(&w, key, va_arg(ap, int64_t));
		else
			jsonw_kstr(&w, key, va_arg(ap, const char *));
	}
	va_end(ap);
	jsonw_obj_close(&w);
	if (buf_putc(&b, '\n') == SW_OK && !w.err) {
		ssize_t n = write(STDERR_FILENO, b.ptr, b.len);
		(void)n;
	}
	buf_release(&b);
}
