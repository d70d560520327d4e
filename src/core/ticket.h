/*
 * ticket.h — the shared record every process uses: numbering, state
 * machines as data, the priority matrix, and the operations that are the
 * same for every kind (read, comments and work notes, history, watchers,
 * attachments, links).  Kind-specific operations live in their own files
 * (incident.c).
 */
#ifndef SW_CORE_TICKET_H
#define SW_CORE_TICKET_H

#include "core/authz.h"
#include "core/model.h"
#include "core/store_port.h"

#define TICKET_ACTIONS_MAX 16

/* One transition: the action's name, the states it may start from, the
 * state it leads to, and whether an end user may run it on a ticket they
 * requested. */
struct ticket_action {
	const char *name;
	const char *const *from; /* NULL-terminated */
	const char *to;
	bool end_user;
};

struct ticket_machine {
	enum ticket_kind kind;
	const char *initial;
	const char *const *states; /* NULL-terminated */
	const struct ticket_action *actions;
	size_t action_count;
};

const struct ticket_machine *ticket_machine_of(enum ticket_kind k);
const struct ticket_action *ticket_action_find(const struct ticket_machine *m, const char *name);
bool ticket_action_from(const struct ticket_action *a, const char *state);
bool ticket_state_valid(const struct ticket_machine *m, const char *state);
/* Names of the actions this actor may run on t now, in table order. */
size_t ticket_allowed_actions(const struct actor *a, const struct ticket *t, const char **out, size_t max);

/* What authz.c needs to know about t for the acting user. */
struct authz_ticket ticket_authz_view(const struct ctx *c, const struct ticket *t);

/* ITIL impact x urgency matrix: 1..3 each -> priority 1..5; 0 if out of range. */
int ticket_priority(int impact, int urgency);

/* Load a ticket of a kind that the actor may read (SW_ENOTFOUND otherwise). */
enum sw_err ticket_load(struct ctx *c, enum ticket_kind kind, const char *number, struct ticket *out,
			struct sw_error *err);
/* Load inside a write, for the actor, with watchers: used by kind files. */
enum sw_err ticket_next_number(struct ctx *c, enum ticket_kind kind, const char **out, struct sw_error *err);

enum sw_err ticket_comment_add(struct ctx *c, enum ticket_kind kind, const char *number, const char *body,
			       bool internal, struct comment *out, struct sw_error *err);
enum sw_err ticket_comment_list(struct ctx *c, enum ticket_kind kind, const char *number, struct comment_list *out,
				struct sw_error *err);
enum sw_err ticket_history(struct ctx *c, enum ticket_kind kind, const char *number, struct audit_list *out,
			   struct sw_error *err);
enum sw_err ticket_watch(struct ctx *c, enum ticket_kind kind, const char *number, const char *login, bool add,
			 struct sw_error *err);
enum sw_err ticket_attach(struct ctx *c, enum ticket_kind kind, const char *number, const char *filename,
			  const void *data, size_t len, struct attachment *out, struct sw_error *err);
enum sw_err ticket_attachment_list(struct ctx *c, enum ticket_kind kind, const char *number,
				   struct attachment_list *out, struct sw_error *err);
enum sw_err ticket_attachment_get(struct ctx *c, int64_t id, struct attachment *out, struct sw_error *err);
enum sw_err ticket_link_add(struct ctx *c, enum ticket_kind kind, const char *number, const char *link_kind,
			    const char *target, struct ticket_link *out, struct sw_error *err);
enum sw_err ticket_link_list(struct ctx *c, enum ticket_kind kind, const char *number, struct link_list *out,
			     struct sw_error *err);

/* Sniff a media type from content bytes (never from the client). */
const char *ticket_sniff_type(const unsigned char *p, size_t len);
/* Clean an uploaded file name: base name only, no control characters.
 * Returns NULL (and a field error) when nothing usable is left. */
const char *ticket_clean_filename(struct arena *a, const char *name, struct sw_error *err);

#endif
