/*
 * test_ical.c — the iCalendar writer of the schedule's feeds (api/ical.c):
 * CRLF line ends, lines folded at 75 octets and never inside a UTF-8
 * character, text escaped, times in UTC, the status and sequence of each
 * event, and the output bounded by its buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api/ical.h"
#include "base/util.h"

/* The content lines of text, unfolded, into lines[max]; how many. */
static size_t unfold(const char *text, char lines[][2048], size_t max)
{
	size_t n = 0;
	for (const char *p = text; *p && n < max;) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e); /* every line ends with CRLF */
		size_t len = (size_t)(e - p);
		assert_true(len <= 75);
		assert_true(utf8_valid(p, len)); /* no fold inside a character */
		if (*p == ' ') {
			assert_true(n > 0);
			strncat(lines[n - 1], p + 1, len - 1);
		} else {
			memcpy(lines[n], p, len);
			lines[n][len] = 0;
			n++;
		}
		p = e + 2;
	}
	return n;
}

static const char *find(char lines[][2048], size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(lines[i], prefix, strlen(prefix)) == 0)
			return lines[i] + strlen(prefix);
	return NULL;
}

static void writes_events(void **state)
{
	(void)state;
	char summary[1200] = "Freeze: ";
	for (int i = 0; i < 40; i++)
		strcat(summary, "größe Ω €😀 ");
	struct schedule_event ev[2] = {
		{.uid = "window-1-20270331@steward",
		 .summary = summary,
		 .description = "a; b, c\\d\nnext line",
		 .kind = "blackout",
		 .url = "https://steward.example.com/api/v1/change-windows/Month-end%20freeze",
		 .sequence = 3,
		 .status = SCHEDULE_CANCELLED,
		 .start = 1806512400 /* 2027-03-31T17:00:00Z */,
		 .end = 1806534000,
		 .updated = 1764720000},
		{.uid = "window-2-20270401@steward",
		 .summary = "Short",
		 .kind = "maintenance",
		 .url = "/relative",
		 .status = SCHEDULE_CONFIRMED,
		 .start = 1806570000,
		 .end = 1806584400},
	};
	struct buf out = BUF_INIT(1 << 20);
	assert_int_equal(ical_write(&out, "Cal, with; marks", ev, 2, 1764763200), SW_OK);
	static char lines[200][2048];
	size_t n = unfold(buf_cstr(&out), lines, 200);
	assert_string_equal(lines[0], "BEGIN:VCALENDAR");
	assert_string_equal(lines[n - 1], "END:VCALENDAR");
	assert_string_equal(find(lines, n, "X-WR-CALNAME:"), "Cal\\, with\\; marks");
	assert_string_equal(find(lines, n, "UID:"), "window-1-20270331@steward");
	assert_string_equal(find(lines, n, "DTSTART:"), "20270331T170000Z");
	assert_string_equal(find(lines, n, "DTEND:"), "20270331T230000Z");
	assert_string_equal(find(lines, n, "DTSTAMP:"), "20251203T120000Z");
	assert_string_equal(find(lines, n, "SEQUENCE:"), "3");
	assert_string_equal(find(lines, n, "STATUS:"), "CANCELLED");
	assert_string_equal(find(lines, n, "DESCRIPTION:"), "a\\; b\\, c\\\\d\\nnext line");
	assert_string_equal(find(lines, n, "URL:"), ev[0].url);
	/* the long summary comes back whole once unfolded, its commas escaped */
	const char *s = find(lines, n, "SUMMARY:");
	assert_non_null(s);
	assert_string_equal(s, summary);
	/* a relative URL is left out (a URI must be absolute); the second event confirmed */
	size_t urls = 0, events = 0;
	for (size_t i = 0; i < n; i++) {
		urls += strncmp(lines[i], "URL:", 4) == 0;
		events += strcmp(lines[i], "BEGIN:VEVENT") == 0;
	}
	assert_int_equal(urls, 1);
	assert_int_equal(events, 2);
	assert_non_null(strstr(buf_cstr(&out), "STATUS:CONFIRMED\r\n"));
	buf_release(&out);

	/* a buffer too small is an error, not a cut calendar passed off as whole */
	struct buf small = BUF_INIT(200);
	assert_int_not_equal(ical_write(&small, "x", ev, 2, 0), SW_OK);
	buf_release(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(writes_events)};
	return cmocka_run_group_tests_name("ical", tests, NULL, NULL);
}
