/*
 * log.c — structured logging, one JSON object per line on stderr (see
 * log.h).  A line is built in a local struct buf with the JSON writer, so
 * client text in messages and values is escaped and cannot forge a line or
 * break the JSON, and is then written with a single write(2): lines from
 * several threads do not interleave and no lock is needed.  The level is an
 * atomic so it can be changed while threads log.
 *
 * A line longer than LOG_LINE_MAX is not dropped: it is written again with
 * only time, level, the first LOG_MSG_FALLBACK bytes of msg and
 * "log_truncated":true, since losing a log line silently is worse than
 * losing its extra fields.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/jsonw.h"
#include "base/log.h"
#include "base/util.h"
#include "base/banned.h"

#define LOG_LINE_MAX (16 * 1024)
#define LOG_MSG_FALLBACK 1024

static atomic_int level = LOG_INFO;
static const char *const level_names[LOG_LEVEL__COUNT] = {"debug", "info", "warn", "error"};

/* Out-of-range levels are ignored, so a bad value cannot silence every line. */
void log_set_level(enum log_level lvl)
{
	if ((int)lvl >= 0 && lvl < LOG_LEVEL__COUNT)
		atomic_store(&level, (int)lvl);
}

enum log_level log_get_level(void)
{
	return (enum log_level)atomic_load(&level);
}

const char *log_level_name(enum log_level lvl)
{
	return ((int)lvl >= 0 && lvl < LOG_LEVEL__COUNT) ? level_names[lvl] : "info";
}

/* Current UTC time as "2026-01-02T03:04:05.123Z". */
static void stamp_now(char out[25])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char sec[21];
	time_format_rfc3339((int64_t)ts.tv_sec, sec);
	int ms = (int)(ts.tv_nsec / 1000000) % 1000;
	memcpy(out, sec, 19);
	out[19] = '.';
	out[20] = (char)('0' + ms / 100);
	out[21] = (char)('0' + ms / 10 % 10);
	out[22] = (char)('0' + ms % 10);
	out[23] = 'Z';
	out[24] = 0;
}

static void head(struct jsonw *w, const char *stamp, enum log_level lvl)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "time", stamp);
	jsonw_kstr(w, "level", log_level_name(lvl));
}

/* One write(2), retried only when interrupted before anything was written. */
static void emit(const struct buf *b)
{
	ssize_t n;
	do
		n = write(STDERR_FILENO, b->ptr, b->len);
	while (n < 0 && errno == EINTR);
}

void log_msg(enum log_level lvl, const char *msg, ...)
{
	if ((int)lvl < atomic_load(&level))
		return;
	int saved_errno = errno; /* callers may log between a failure and reading errno */
	char stamp[25];
	stamp_now(stamp);

	struct buf b = BUF_INIT(LOG_LINE_MAX);
	struct jsonw w;
	jsonw_init(&w, &b);
	head(&w, stamp, lvl);
	jsonw_kstr(&w, "msg", msg);
	va_list ap;
	va_start(ap, msg);
	for (;;) {
		const char *key = va_arg(ap, const char *);
		if (!key)
			break;
		int kind = va_arg(ap, int);
		if (kind == LOG_INT) {
			jsonw_kint(&w, key, va_arg(ap, int64_t));
		} else if (kind == LOG_STR) {
			jsonw_kstr(&w, key, va_arg(ap, const char *));
		} else {
			/* the type of what follows is unknown: reading on is undefined */
			jsonw_kstr(&w, "log_error", "bad argument kind");
			break;
		}
	}
	va_end(ap);
	jsonw_obj_close(&w);
	if (!w.err)
		w.err = buf_putc(&b, '\n');

	if (w.err) {
		buf_reset(&b);
		jsonw_init(&w, &b);
		head(&w, stamp, lvl);
		jsonw_key(&w, "msg");
		if (msg) {
			size_t len = strlen(msg);
			if (len > LOG_MSG_FALLBACK) {
				len = LOG_MSG_FALLBACK;
				while (len > 0 && ((unsigned char)msg[len] & 0xc0) == 0x80)
					len--; /* cut before a character, not inside one */
			}
			jsonw_strn(&w, msg, len);
		} else {
			jsonw_null(&w);
		}
		jsonw_kbool(&w, "log_truncated", true);
		jsonw_obj_close(&w);
		if (!w.err)
			w.err = buf_putc(&b, '\n');
	}
	if (!w.err)
		emit(&b);
	buf_release(&b);
	errno = saved_errno;
}
