/*
 * port/report.h — what core needs from storage for reports and queue counts
 * (core/report/report.h); all over incidents only. Implemented in
 * src/store/repo_report.c; the conventions (transactions, error codes, the
 * arena results go to) are in port/store.h.
 */
#ifndef SW_CORE_PORT_REPORT_H
#define SW_CORE_PORT_REPORT_H

#include "core/port/store.h"

struct report_group;
struct report_sla;
struct report_ticket;
struct ticket_counts;
/* Every query is over the tickets of one kind (its name). */
/* Open tickets by state (counts[i] of states[i]) and priority (1..5). */
enum sw_err store_report_open(struct store *s, const char *kind, const char *const *states, size_t state_count,
			      int64_t *by_state, int64_t by_priority[5], int64_t *total, struct sw_error *err);
/* Open tickets per group, the largest limit groups (name NULL: none). */
enum sw_err store_report_open_groups(struct store *s, const char *kind, int limit, struct report_group **out,
				     size_t *count, struct sw_error *err);
/* Per metric (sla[SLA_RESPONSE], sla[SLA_RESOLUTION]): clocks stopped
 * within [start, end) met or breached, and open clocks breached or
 * warning at now. */
enum sw_err store_report_sla(struct store *s, const char *kind, int64_t start, int64_t end, int64_t now,
			     struct report_sla *sla, struct sw_error *err);
/* SLA compliance of clocks stopped within [start, end) by dim (a
 * REPORT_SLA_BY_*), and the breached ones among them, latest first, at
 * most max. */
struct report_sla_row;
struct report_breach;
enum sw_err store_report_sla_by(struct store *s, const char *kind, int dim, int64_t start, int64_t end,
				struct report_sla_row **out, size_t *count, struct sw_error *err);
enum sw_err store_report_sla_breaches(struct store *s, const char *kind, int64_t start, int64_t end, size_t max,
				      struct report_breach **out, size_t *count, struct sw_error *err);
/* Tickets created (or resolved) within [start, end), counted per
 * (t + offset) / 86400: counts[day - first_day] += n for each day in
 * [first_day, first_day + ndays). */
enum sw_err store_report_daily(struct store *s, const char *kind, bool resolved, int64_t start, int64_t end,
			       int32_t offset, int64_t first_day, int64_t *counts, size_t ndays, struct sw_error *err);
/* Tickets created (or resolved) within [start, end). */
enum sw_err store_report_range(struct store *s, const char *kind, bool resolved, int64_t start, int64_t end,
			       int64_t *out, struct sw_error *err);
/* Tickets resolved within [start, end): how many, the sum of their
 * seconds from creation to resolution, how many had a first response and
 * the sum of their seconds to it. */
enum sw_err store_report_times(struct store *s, const char *kind, int64_t start, int64_t end, int64_t *resolved,
			       int64_t *resolve_sum, int64_t *responded, int64_t *response_sum, struct sw_error *err);
/* The limit oldest open tickets, oldest first. */
enum sw_err store_report_oldest(struct store *s, const char *kind, int limit, struct report_ticket **out, size_t *count,
				struct sw_error *err);
/* Queue counts over every open ticket for user_id; soon: clocks due
 * before this instant count as breaching. */
enum sw_err store_ticket_counts(struct store *s, const char *kind, int64_t user_id, int64_t soon,
				struct ticket_counts *out, struct sw_error *err);
/* Open tickets requested by user_id. */
enum sw_err store_ticket_requested_open(struct store *s, const char *kind, int64_t user_id, int64_t *out,
					struct sw_error *err);

#endif
