/*
 * incident.h — incidents on the ticket engine (core/ticket/ticket.h): the kind is
 * ticket_kind_incident; create, read, list, update and actions are the
 * engine's.  What only incidents have is here: major incidents, and the
 * impact x urgency priority matrix.
 */
#ifndef SW_CORE_INCIDENT_H
#define SW_CORE_INCIDENT_H

#include "core/ticket/ticket.h"

/* The impact x urgency matrix that derives priority, [impact-1][urgency-1]. */
struct priority_matrix {
	int p[3][3];
};
enum sw_err priority_matrix_get(struct ctx *c, struct priority_matrix *out, struct sw_error *err);
/* Every cell 1..5 (field errors name "matrix[i][u]"); admins only; audited. */
enum sw_err priority_matrix_set(struct ctx *c, const struct priority_matrix *m, struct sw_error *err);

#endif
