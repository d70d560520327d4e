/*
 * ical.h — the iCalendar writer (RFC 5545) of the change schedule's feeds:
 * a VCALENDAR of VEVENTs from the calendar's events, times in UTC, text
 * escaped, content lines folded at 75 octets without splitting a UTF-8
 * sequence, CRLF line ends.  Pure: it writes into a buffer.
 */
#ifndef SW_API_ICAL_H
#define SW_API_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/schedule/schedule.h"

/* The calendar called name with the count events at ev into out; DTSTAMP
 * is now.  SW_ETOOLARGE when out's maximum is reached. */
enum sw_err ical_write(struct buf *out, const char *name, const struct schedule_event *ev, size_t count, int64_t now);

#endif
