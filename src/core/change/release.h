/*
 * release.h — releases (docs/releases.md): a ticket kind (RLS0000001,
 * /api/v1/releases) of the desk's own that groups changes into a version
 * delivered together, with planned and actual dates for its build, test
 * and deploy stages, a deployment window (on the change calendar), release
 * notes in Markdown, readiness computed from its changes, and a go/no-go
 * decision that readiness gates.  Create, read, list, update and the
 * lifecycle are the ticket engine's, run from the declaration in
 * release.c; what only releases have is here.
 */
#ifndef SW_CORE_CHANGE_RELEASE_H
#define SW_CORE_CHANGE_RELEASE_H

#include "core/schedule/schedule.h"
#include "core/ticket/ticket.h"

extern const struct ticket_kind ticket_kind_release;
extern const char *const release_types[]; /* major, minor, emergency */

#define RELEASE_CHANGES_MAX 200 /* changes one release groups */
#define RELEASE_LINK_MAX 50     /* changes one request links */

/* Put each change of numbers[count] in release number (agents): every one
 * checked before any is written — a change that does not exist is a field
 * error on changes[i], one canceled or rejected, or already in a release
 * (this one or another), a 409; the release must be open (409).  Audited
 * on each change (release_link).  out: the release. */
enum sw_err release_link(struct ctx *c, const char *number, const char *const *numbers, size_t count,
			 struct ticket *out, struct sw_error *err);
/* Take change out of release number (404 when it is not in it). */
enum sw_err release_unlink(struct ctx *c, const char *number, const char *change, struct sw_error *err);
/* The changes in release number, by number. */
enum sw_err release_changes(struct ctx *c, const char *number, struct ticket_list *out, struct sw_error *err);

/* What readiness found of one change. */
struct release_change_check {
	const char *number, *title, *state;
	bool authorised, tests_recorded, backout_plan;
};
/* A release is ready when it groups at least one change and every change
 * is authorised (scheduled or later, not rejected or canceled), has its
 * test results recorded and a back-out plan. */
struct release_readiness {
	bool ready;
	struct release_change_check *changes;
	size_t change_count;
	const char **missing; /* for people: what stands in the way */
	size_t missing_count;
};
enum sw_err release_readiness(struct ctx *c, const char *number, struct release_readiness *out, struct sw_error *err);

/* The release notes rendered as safe HTML (as knowledge articles are). */
enum sw_err release_notes_html(struct ctx *c, const char *number, const char **markdown, const char **html,
			       struct sw_error *err);

/* The releases' deployment windows as a source of the change calendar
 * (registered by core at start-up). */
extern const struct schedule_source release_schedule_source;

#endif
