/*
 * notify.c — notification rules, templates, the in-app inbox and the
 * email outbox; see notify.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "core/kernel/action_link.h"
#include "core/kernel/authz.h"
#include "core/kernel/cfgsnap.h"
#include "core/core_int.h"
#include "core/notify/notify.h"
#include "core/notify/webhook.h"
#include "core/kernel/record.h"
#include "core/ticket/ticket.h"
#include "core/port/account.h"
#include "core/port/notify.h"
#include "core/port/ticket.h"
#include "base/banned.h"

static const char *const event_names[NE__COUNT] = {
	[NE_CREATED] = "created",
	[NE_ASSIGNED] = "assigned",
	[NE_COMMENTED] = "commented",
	[NE_WORK_NOTE] = "work_note",
	[NE_RESOLVED] = "resolved",
	[NE_REOPENED] = "reopened",
	[NE_SLA_WARNING] = "sla_warning",
	[NE_SLA_BREACH] = "sla_breach",
	[NE_MAJOR] = "major",
	[NE_ESCALATION] = "escalation",
	[NE_ARTICLE_REVIEW] = "article_review",
	[NE_AGREEMENT_REVIEW] = "agreement_review",
	[NE_APPROVAL_REQUESTED] = "approval_requested",
	[NE_APPROVAL_REMINDER] = "approval_reminder",
	[NE_APPROVAL_DECIDED] = "approval_decided",
	[NE_MAIL_RECEIVED] = "mail_received",
	[NE_SURVEY] = "survey",
	[NE_SURVEY_LOW] = "survey_low",
};

CORE_VALUE_LIST(enum notify_event, event_names, NE__COUNT, NE_CREATED, notify_event_name, notify_event_parse)

static const char *const recipient_names[] = {"requester", "watchers", "assignee", "group",
					      "manager",   "owner",    "approver"};
static const char *const channel_names[] = {"in_app", "email"};

static size_t bit_names(unsigned bits, const char *const *names, size_t n, const char **out, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < max; i++)
		if (bits & (1u << i))
			out[k++] = names[i];
	return k;
}

size_t notify_recipient_names(unsigned bits, const char **out, size_t max)
{
	return bit_names(bits, recipient_names, COUNT(recipient_names), out, max);
}

size_t notify_channel_names(unsigned bits, const char **out, size_t max)
{
	return bit_names(bits, channel_names, COUNT(channel_names), out, max);
}

/* Names -> bits; the index of the first unknown name in *bad (or -1). */
static unsigned parse_bits(const char *const *v, size_t count, const char *const *names, size_t n, long *bad)
{
	unsigned bits = 0;
	*bad = -1;
	for (size_t i = 0; i < count; i++) {
		size_t j = 0;
		while (j < n && strcmp(v[i], names[j]) != 0)
			j++;
		if (j == n && *bad < 0)
			*bad = (long)i;
		else if (j < n)
			bits |= 1u << j;
	}
	return bits;
}

/* ---- rules -------------------------------------------------------------------- */

static void validate_rule(const void *v, bool creating, struct sw_error *err)
{
	const struct notify_rule_input *in = v;
	record_check_value(err, "event", creating, in->set_event, &notify_event_name_list, in->event);
	long bad;
	char path[40];
	if (in->set_recipients) {
		parse_bits(in->recipients, in->recipient_count, recipient_names, COUNT(recipient_names), &bad);
		if (bad >= 0) {
			snprintf(path, sizeof(path), "recipients[%ld]", bad);
			sw_field_fail(err, path,
				      "must be one of requester, watchers, assignee, group, manager, owner, approver");
		}
	}
	if (in->set_channels) {
		unsigned ch = parse_bits(in->channels, in->channel_count, channel_names, COUNT(channel_names), &bad);
		if (bad >= 0) {
			snprintf(path, sizeof(path), "channels[%ld]", bad);
			sw_field_fail(err, path, "must be in_app or email");
		} else if (!ch) {
			sw_field_fail(err, "channels", "must name at least one channel");
		}
	} else if (creating) {
		sw_field_fail(err, "channels", "is required");
	}
}

static enum sw_err apply_rule(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct notify_rule_input *in = w->in;
	struct notify_rule *r = w->rec;
	long bad;
	(void)c;
	if (in->set_recipients)
		r->recipients =
			parse_bits(in->recipients, in->recipient_count, recipient_names, COUNT(recipient_names), &bad);
	if (in->set_channels)
		r->channels = parse_bits(in->channels, in->channel_count, channel_names, COUNT(channel_names), &bad);
	if (err->code)
		return err->code; /* an unknown group: no word on the recipients */
	if (!r->recipients && !r->group_id)
		sw_field_fail(err, "recipients", "name someone: recipients or a group");
	return err->code;
}

static const struct record_copy rule_copies[] = {
	RECORD_COPY_NAME(struct notify_rule_input, struct notify_rule, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct notify_rule_input, struct notify_rule, active),
	RECORD_COPY_VALUE(struct notify_rule_input, struct notify_rule, event, notify_event_name_list),
};

static const struct record_ref rule_refs[] = {
	RECORD_REF(struct notify_rule_input, struct notify_rule, CORE_REF_GROUP, "group", group, group),
};

static const struct record_audit rule_audit[] = {
	RECORD_AUDIT_EACH(struct notify_rule, name),
	RECORD_AUDIT_VALUE(struct notify_rule, "event", event, notify_event_name_list),
	RECORD_AUDIT_EACH(struct notify_rule, recipients, channels, group, active),
};

RECORD_KIND_DEFINE(notify_rule_kind,
		   (struct notify_rule, "notification_rule", "a notification rule", ROLE_ADMIN, ROLE_AGENT,
		    &store_notify_rules),
		   validate_rule, apply_rule, NULL, rule_copies, RECORD_AUDIT_DIFF(rule_audit),
		   .fresh = &(const struct notify_rule){.active = true}, RECORD_REFS(rule_refs));

/* ---- templates ------------------------------------------------------------------ */

static const char *const placeholders[] = {"number",   "title", "state", "priority", "requester",
					   "assignee", "group", "actor", "detail",   "link"};
/* Where the two a caller gives stand among them. */
enum { RV_DETAIL = 8, RV_LINK = 9 };

/* The value of each placeholder, in the order above. */
struct render_values {
	const char *v[COUNT(placeholders)];
};

#define ELLIPSIS "\xe2\x80\xa6"

/* Append up to len bytes of s, but never beyond out's maximum: a message
 * too long for it is cut at a character boundary and ends in an ellipsis
 * rather than failing the write that caused it.  False once cut. */
static bool put(struct buf *out, const char *s, size_t len)
{
	size_t room = out->max - out->len;
	if (len + sizeof(ELLIPSIS) <= room)
		return buf_append(out, s, len) == SW_OK;
	size_t keep = utf8_cut(s, len, room > sizeof(ELLIPSIS) ? room - sizeof(ELLIPSIS) : 0);
	buf_append(out, s, keep);
	buf_puts(out, ELLIPSIS);
	return false;
}

/* Render tpl with values into out; with values NULL, only check it and
 * return the first unknown placeholder's name in *unknown. */
static enum sw_err render(const char *tpl, const struct render_values *values, struct buf *out, char *unknown,
			  size_t unknown_max)
{
	const char *p = tpl;
	while (*p) {
		const char *open = strstr(p, "{{");
		if (!open) {
			if (out)
				put(out, p, strlen(p));
			return SW_OK;
		}
		if (out && !put(out, p, (size_t)(open - p)))
			return SW_OK;
		const char *close = strstr(open + 2, "}}");
		size_t len = close ? (size_t)(close - open - 2) : 0;
		size_t i = 0;
		while (close && i < COUNT(placeholders) &&
		       !(strlen(placeholders[i]) == len && strncmp(open + 2, placeholders[i], len) == 0))
			i++;
		if (!close || i == COUNT(placeholders)) {
			if (unknown)
				snprintf(unknown, unknown_max, "%.*s", close && len < 40 ? (int)len : 40, open + 2);
			return SW_EINVALID;
		}
		const char *v = values && values->v[i] ? values->v[i] : "-";
		if (out && !put(out, v, strlen(v)))
			return SW_OK;
		p = close + 2;
	}
	return SW_OK;
}

static void check_template(struct sw_error *err, const char *field, const char *s, size_t max)
{
	char unknown[48];
	if (!s)
		sw_field_fail(err, field, "is required");
	else if (!core_text_ok(s, 1, max))
		sw_field_fail(err, field, "must be 1 to %zu characters", max);
	else if (render(s, NULL, NULL, unknown, sizeof(unknown)))
		sw_field_fail(err, field,
			      "has an unknown or unclosed placeholder '{{%s': use number, title, state, priority, "
			      "requester, assignee, group, actor, detail, link",
			      unknown);
}

enum sw_err notify_template_set(struct ctx *c, const char *event, const char *subject, const char *body,
				struct notify_template *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	struct notify_template t = {.subject = subject, .body = body, .updated_at = c->now};
	if (notify_event_parse(event, &t.event))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no notification event '%s'", event);
	check_template(err, "subject", subject, NOTIFY_SUBJECT_MAX);
	check_template(err, "body", body, NOTIFY_BODY_MAX);
	if (subject && strpbrk(subject, "\r\n"))
		sw_field_fail(err, "subject", "must be one line");
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	if (!(rc = store_notify_template_set(c->store, &t, err))) {
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "subject", subject);
		changes_set_str(&ch, "body", body);
		rc = audit_changes(c, "notification_template", t.event, "update", false, &ch, err);
	}
	if (!rc)
		*out = t;
	return core_tx_end(c, rc, err);
}

enum sw_err notify_template_list(struct ctx *c, struct notify_template_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	return rc ? rc : store_notify_template_list(c->store, out, err);
}

/* ---- events ----------------------------------------------------------------------- */

/* The people an event reaches, once each. */
#define RECIPIENTS_MAX 256
struct recipients {
	struct user users[RECIPIENTS_MAX];
	size_t count;
};

static bool has(const struct recipients *r, int64_t id)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->users[i].id == id)
			return true;
	return false;
}

/* May end user u hear of event e on t?  Only what they could read
 * themselves: their own or watched tickets, and never the desk's
 * internal events (a work note, SLA bookkeeping), whatever a rule says —
 * an end user may be a member, even the manager, of a group.  Of an
 * article (t NULL), never. */
static bool end_user_may_hear(const struct user *u, enum notify_event e, const struct ticket *t)
{
	if (!t || (t->kind && t->kind->agents_only) || e == NE_WORK_NOTE || e == NE_SLA_WARNING || e == NE_SLA_BREACH ||
	    e == NE_ESCALATION)
		return false;
	if (u->id == t->requester_id)
		return true;
	for (size_t i = 0; i < t->watcher_count; i++)
		if (str_same(t->watchers[i], u->login))
			return true;
	return false;
}

static void add(struct ctx *c, struct recipients *r, enum notify_event e, const struct ticket *t, const struct user *u)
{
	if (!u->id || !u->active || u->id == c->actor.user_id || has(r, u->id) || r->count == RECIPIENTS_MAX)
		return;
	if (u->role < ROLE_AGENT && !end_user_may_hear(u, e, t))
		return;
	r->users[r->count++] = *u;
}

static enum sw_err add_id(struct ctx *c, struct recipients *r, enum notify_event e, const struct ticket *t, int64_t id,
			  struct sw_error *err)
{
	if (!id || has(r, id))
		return SW_OK;
	struct user u;
	enum sw_err rc = store_user_by_id(c->store, id, &u, err);
	if (rc == SW_ENOTFOUND)
		return SW_OK;
	if (!rc)
		add(c, r, e, t, &u);
	return rc;
}

static enum sw_err add_group(struct ctx *c, struct recipients *r, enum notify_event e, const struct ticket *t,
			     int64_t group_id, struct sw_error *err)
{
	struct user *members;
	size_t n;
	enum sw_err rc = store_group_member_users(c->store, group_id, &members, &n, err);
	for (size_t i = 0; !rc && i < n; i++)
		add(c, r, e, t, &members[i]);
	return rc;
}

/* The requester; for the unregistered requester, who never signs in, the
 * person behind the ticket: its contact's address under the account's
 * id, so that what an end user may hear still decides. */
static enum sw_err add_requester(struct ctx *c, struct recipients *r, enum notify_event e, const struct ticket *t,
				 struct sw_error *err)
{
	if (!str_same(t->requester, USER_UNREGISTERED))
		return add_id(c, r, e, t, t->requester_id, err);
	const char *email = NULL, *name = NULL;
	enum sw_err rc = store_ticket_contact_get(c->store, t->id, &email, &name, err);
	if (rc || !email || !*email)
		return rc;
	struct user u = {.id = t->requester_id,
			 .login = USER_UNREGISTERED,
			 .name = name && *name ? name : email,
			 .email = email,
			 .timezone = "UTC",
			 .role = ROLE_END_USER,
			 .active = true};
	add(c, r, e, t, &u);
	return SW_OK;
}

/* What a message is about: a ticket, or (t NULL) an article. */
struct about {
	const struct ticket *t;
	const struct notify_article *a;
	const int64_t *approvers; /* approval events */
	const char *const *links; /* approval events: approvers[i]'s email link, or NULL */
	size_t approver_count;
	bool not_article; /* a is another record described as one (an agreement) */
};

static enum sw_err collect(struct ctx *c, const struct notify_rule *rule, const struct about *ab, int64_t only_user,
			   struct recipients *r, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	enum notify_event e = rule->event;
	const struct ticket *t = ab->t;
	if (t && (rule->recipients & NR_REQUESTER))
		rc = add_requester(c, r, e, t, err);
	for (size_t i = 0; !rc && t && (rule->recipients & NR_WATCHERS) && i < t->watcher_count; i++) {
		struct user u;
		struct sw_error look;
		sw_error_clear(&look);
		if (store_user_by_login(c->store, t->watchers[i], &u, &look) == SW_OK)
			add(c, r, e, t, &u);
	}
	if (!rc && t && (rule->recipients & NR_ASSIGNEE))
		rc = add_id(c, r, e, t, t->assignee_id, err);
	if (!rc && t && (rule->recipients & NR_GROUP) && t->group_id)
		rc = add_group(c, r, e, t, t->group_id, err);
	if (!rc && t && (rule->recipients & NR_MANAGER) && t->group) {
		struct group g;
		struct sw_error look;
		sw_error_clear(&look);
		if (store_group_by_name(c->store, t->group, &g, &look) == SW_OK)
			rc = add_id(c, r, e, t, g.manager_id, err);
	}
	if (!rc && ab->a && (rule->recipients & NR_OWNER))
		rc = add_id(c, r, e, t, ab->a->owner_id, err);
	for (size_t i = 0; !rc && (rule->recipients & NR_APPROVER) && i < ab->approver_count; i++) {
		/* an approver hears of what they are asked to decide, an end
		 * user too, unless the kind is the desk's own */
		struct user u;
		struct sw_error look;
		sw_error_clear(&look);
		if (has(r, ab->approvers[i]) || store_user_by_id(c->store, ab->approvers[i], &u, &look) != SW_OK ||
		    !u.active || u.id == c->actor.user_id || r->count == RECIPIENTS_MAX ||
		    (u.role < ROLE_AGENT && (!t || t->kind->agents_only)))
			continue;
		r->users[r->count++] = u;
	}
	if (!rc && rule->group_id)
		rc = add_group(c, r, e, t, rule->group_id, err);
	if (!rc && only_user)
		rc = add_id(c, r, e, t, only_user, err);
	return rc;
}

/* The body of the email to user_id: body as rendered for everyone, or,
 * when ab carries a link of the user's own (an approval's decision link),
 * tpl rendered again with that link. */
static const char *email_body(struct ctx *c, const struct about *ab, const char *tpl, const struct render_values *vals,
			      int64_t user_id, const struct buf *body)
{
	for (size_t i = 0; ab->links && i < ab->approver_count; i++) {
		if (ab->approvers[i] != user_id || !ab->links[i])
			continue;
		struct render_values own = *vals;
		own.v[COUNT(placeholders) - 1] = ab->links[i]; /* {{link}} */
		struct buf b;
		buf_init(&b, NOTIFY_RENDERED_BODY_MAX);
		render(tpl, &own, &b, NULL, 0);
		const char *s = arena_strdup(c->arena, buf_cstr(&b));
		buf_release(&b);
		return s ? s : buf_cstr(body);
	}
	return buf_cstr(body);
}

/* n, as written for its in-app row, again as an email to to, pending
 * from now. */
static enum sw_err queue_email(struct ctx *c, struct notification *n, const char *to, struct sw_error *err)
{
	n->channel = "email";
	n->state = "pending";
	n->email_to = to;
	n->next_attempt_at = c->now;
	return store_notification_insert(c->store, n, err);
}

/* The messages of event e about ab, from its rules and its template
 * rendered with vals; number (the ticket's or article's) goes into the
 * subject when the template leaves it out. */
static enum sw_err send(struct ctx *c, enum notify_event e, const struct about *ab, const char *number,
			const struct render_values *vals, int64_t only_user_id, struct sw_error *err)
{
	struct notify_rule_list rules;
	enum sw_err rc = cfgsnap_notify_rules(c, e, &rules, err);
	if (rc || !rules.count)
		return rc;
	struct notify_template tpl;
	if ((rc = cfgsnap_notify_template(c, e, &tpl, err)))
		return rc;
	/* rendered messages are cut to these sizes, never refused */
	struct buf subject, body;
	buf_init(&subject, NOTIFY_RENDERED_SUBJECT_MAX);
	buf_init(&body, NOTIFY_RENDERED_BODY_MAX);
	render(tpl.subject, vals, &subject, NULL, 0);
	render(tpl.body, vals, &body, NULL, 0);
	/* one line, and the number in it so replies can be threaded */
	for (char *p = subject.ptr; p && *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	const char *subj = buf_cstr(&subject);
	if (!strstr(subj, number))
		subj = arena_printf(c->arena, "[%s] %s", number, subj);
	for (size_t i = 0; !rc && i < rules.count; i++) {
		struct recipients *r = arena_alloc(c->arena, sizeof(*r));
		if (!r) {
			rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			break;
		}
		r->count = 0;
		if ((rc = collect(c, &rules.items[i], ab, only_user_id, r, err)))
			break;
		for (size_t k = 0; !rc && k < r->count; k++) {
			struct notification n = {.user_id = r->users[k].id,
						 .ticket_id = ab->t ? ab->t->id : 0,
						 .article_id = ab->a && !ab->not_article ? ab->a->id : 0,
						 .event = e,
						 .subject = subj,
						 .body = buf_cstr(&body),
						 .created_at = c->now};
			if (rules.items[i].channels & NC_IN_APP) {
				n.channel = "in_app";
				n.state = "delivered";
				rc = store_notification_insert(c->store, &n, err);
			}
			if (!rc && (rules.items[i].channels & NC_EMAIL) && c->cfg->email_enabled && r->users[k].email &&
			    *r->users[k].email) {
				n.body = email_body(c, ab, tpl.body, vals, r->users[k].id, &body);
				rc = queue_email(c, &n, r->users[k].email, err);
			}
		}
	}
	buf_release(&subject);
	buf_release(&body);
	return rc;
}

/* The web UI's own page for t (a hash route: the server serves the UI at /). */
static const char *ticket_page(struct ctx *c, const struct ticket *t)
{
	return arena_printf(c->arena, "%s/#/%s/%s", c->cfg->public_url ? c->cfg->public_url : "", t->kind->path,
			    t->number);
}

enum sw_err notify_event(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
			 int64_t only_user_id, struct sw_error *err)
{
	char priority[4];
	snprintf(priority, sizeof(priority), "%d", t->priority);
	const char *link = ticket_page(c, t);
	struct render_values vals = {{t->number, t->title, t->state, priority, t->requester, t->assignee, t->group,
				      c->actor.login ? c->actor.login : "Steward", detail, link}};
	struct about ab = {.t = t};
	enum sw_err rc = send(c, e, &ab, t->number, &vals, only_user_id, err);
	return rc ? rc : webhook_event(c, e, t, detail, link, err);
}

enum sw_err notify_user(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
			const char *link, int64_t user_id, struct sw_error *err)
{
	struct user u;
	struct sw_error look;
	sw_error_clear(&look);
	if (store_user_by_id(c->store, user_id, &u, &look) != SW_OK || !u.active)
		return SW_OK;
	struct notify_template tpl;
	enum sw_err rc = store_notify_template_get(c->store, e, &tpl, err);
	if (rc)
		return rc;
	char priority[4];
	snprintf(priority, sizeof(priority), "%d", t->priority);
	struct render_values vals = {{t->number, t->title, t->state, priority, t->requester, t->assignee, t->group,
				      c->actor.login ? c->actor.login : "Steward", "", ticket_page(c, t)}};
	struct buf subject, body, mailed;
	buf_init(&subject, NOTIFY_RENDERED_SUBJECT_MAX);
	buf_init(&body, NOTIFY_RENDERED_BODY_MAX);
	buf_init(&mailed, NOTIFY_RENDERED_BODY_MAX);
	render(tpl.subject, &vals, &subject, NULL, 0);
	render(tpl.body, &vals, &body, NULL, 0); /* in-app: the ticket's page, no detail */
	for (char *p = subject.ptr; p && *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	struct notification n = {.user_id = u.id,
				 .ticket_id = t->id,
				 .event = e,
				 .subject = buf_cstr(&subject),
				 .body = buf_cstr(&body),
				 .created_at = c->now,
				 .channel = "in_app",
				 .state = "delivered"};
	rc = store_notification_insert(c->store, &n, err);
	if (!rc && c->cfg->email_enabled && u.email && *u.email) {
		vals.v[RV_DETAIL] = detail;
		vals.v[RV_LINK] = link;
		render(tpl.body, &vals, &mailed, NULL, 0);
		n.body = buf_cstr(&mailed);
		rc = queue_email(c, &n, u.email, err);
	}
	buf_release(&subject);
	buf_release(&body);
	buf_release(&mailed);
	return rc;
}

enum sw_err notify_approval_event(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
				  const int64_t *approvers, const char *const *links, size_t approver_count,
				  struct sw_error *err)
{
	char priority[4];
	snprintf(priority, sizeof(priority), "%d", t->priority);
	/* the web UI's approvals inbox, where it is decided */
	const char *link = arena_printf(c->arena, "%s/#/approvals", c->cfg->public_url ? c->cfg->public_url : "");
	struct render_values vals = {{t->number, t->title, t->state, priority, t->requester, t->assignee, t->group,
				      c->actor.login ? c->actor.login : "Steward", detail, link}};
	struct about ab = {.t = t, .approvers = approvers, .links = links, .approver_count = approver_count};
	enum sw_err rc = send(c, e, &ab, t->number, &vals, 0, err);
	return rc ? rc : webhook_event(c, e, t, detail, ticket_page(c, t), err);
}

enum sw_err notify_article_event(struct ctx *c, enum notify_event e, const struct notify_article *a, const char *detail,
				 struct sw_error *err)
{
	/* the web UI's page of the article */
	const char *link =
		arena_printf(c->arena, "%s/#/kb/%s", c->cfg->public_url ? c->cfg->public_url : "", a->number);
	struct render_values vals = {{a->number, a->title, a->state, NULL, NULL, a->owner, NULL,
				      c->actor.login ? c->actor.login : "Steward", detail, link}};
	struct about ab = {.a = a};
	return send(c, e, &ab, a->number, &vals, 0, err);
}

enum sw_err notify_agreement_event(struct ctx *c, enum notify_event e, const struct notify_article *a,
				   const char *detail, struct sw_error *err)
{
	const char *link =
		arena_printf(c->arena, "%s/#/agreements/%s", c->cfg->public_url ? c->cfg->public_url : "", a->number);
	struct render_values vals = {{a->number, a->title, a->state, NULL, NULL, a->owner, NULL,
				      c->actor.login ? c->actor.login : "Steward", detail, link}};
	struct about ab = {.a = a, .not_article = true};
	return send(c, e, &ab, a->number, &vals, 0, err);
}

/* ---- in-app ------------------------------------------------------------------------ */

enum sw_err notify_inbox(struct ctx *c, bool unread_only, const struct page *p, struct notification_list *out,
			 int64_t *unread, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	enum sw_err rc = store_notification_inbox(c->store, c->actor.user_id, unread_only, p, out, err);
	return rc ? rc : store_notification_unread(c->store, c->actor.user_id, unread, err);
}

enum sw_err notify_mark_read(struct ctx *c, int64_t id, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin_user(c, err);
	if (rc)
		return rc;
	bool found;
	rc = store_notification_mark_read(c->store, c->actor.user_id, id, c->now, &found, err);
	if (!rc && id && !found)
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "no notification %lld", (long long)id);
	return core_tx_end(c, rc, err);
}

/* ---- the email outbox --------------------------------------------------------------- */

enum sw_err notify_outbox(struct ctx *c, const char *state, const struct page *p, struct notification_list *out,
			  struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc || (rc = outbox_check_state(state, err)))
		return rc;
	return store_notification_outbox(c->store, state, p, out, err);
}

static enum sw_err claim_note(struct store *s, void *item, int64_t lease_until, bool *claimed, struct sw_error *err)
{
	return store_notification_claim(s, item, lease_until, claimed, err);
}

enum sw_err notify_claim(struct ctx *c, int limit, int64_t lease_s, struct notification_list *out, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	if (!(rc = store_notification_due(c->store, c->now, limit, out, err)))
		rc = outbox_claim_each(c->store, out->items, &out->count, sizeof(*out->items), c->now + lease_s,
				       claim_note, err);
	return core_tx_end(c, rc, err);
}

enum sw_err notify_sent(struct ctx *c, const struct notification *n, const char *error, const struct mail_config *cfg,
			struct sw_error *err)
{
	struct notification u = *n;
	struct outbox_outcome o = outbox_after(&cfg->retry, n->attempts, !error, c->now);
	u.state = o.state;
	u.attempts = o.attempts;
	u.next_attempt_at = o.next_attempt_at;
	u.sent_at = o.sent_at ? o.sent_at : n->sent_at;
	u.last_error = error ? error : n->last_error; /* a success keeps what went wrong before it */
	/* done with (sent, or failed for good): the row keeps no working link */
	u.body = NULL;
	if (!u.next_attempt_at && n->body) {
		const char *body = action_link_redacted(c->arena, n->body);
		if (!body)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		u.body = body != n->body ? body : NULL;
	}
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	bool recorded;
	rc = store_notification_delivery(c->store, &u, n->next_attempt_at, &recorded, err);
	if (!rc && !recorded)
		rc = sw_fail(err, SW_ECONFLICT, NULL,
			     "notification %lld was claimed again before its outcome was recorded (lease too short?)",
			     (long long)n->id);
	return core_tx_end(c, rc, err);
}

/* An RFC 2047 encoded-word when s is not plain printable ASCII. */
static enum sw_err header_text(struct buf *out, const char *s)
{
	bool plain = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		plain &= *p >= 0x20 && *p < 0x7f;
	if (plain)
		return buf_puts(out, s);
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	enum sw_err rc = buf_puts(out, "=?UTF-8?B?");
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; !rc && i < n; i += 3) {
		unsigned v =
			(unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=',
			     i + 2 < n ? b64[v & 63] : '='};
		rc = buf_append(out, q, 4);
	}
	return rc ? rc : buf_puts(out, "?=");
}

enum sw_err notify_render_email(const struct notification *n, const struct mail_config *cfg, int64_t now,
				struct buf *out, struct sw_error *err)
{
	char date[64];
	time_format_rfc5322(now, date, sizeof(date));
	enum sw_err rc = buf_printf(out, "From: %s\r\nTo: %s\r\nDate: %s\r\nSubject: ", cfg->from, n->email_to, date);
	if (!rc)
		rc = header_text(out, n->subject);
	/* threaded by the ticket (or article) it is about */
	const char *about = n->ticket ? n->ticket : n->article ? n->article : "steward";
	if (!rc)
		rc = buf_printf(out,
				"\r\nMessage-ID: <notification-%lld@steward>\r\n"
				"In-Reply-To: <%s@steward>\r\nReferences: <%s@steward>\r\n"
				"X-Steward-%s: %s\r\nX-Steward-Event: %s\r\nAuto-Submitted: auto-generated\r\n"
				"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
				"Content-Transfer-Encoding: 8bit\r\n\r\n",
				(long long)n->id, about, about, n->ticket || !n->article ? "Ticket" : "Article", about,
				notify_event_name(n->event));
	for (const char *p = n->body; !rc && *p; p++) {
		if (*p == '\r')
			continue;
		rc = *p == '\n' ? buf_puts(out, "\r\n") : buf_putc(out, *p);
	}
	if (!rc)
		rc = buf_puts(out, "\r\n");
	return rc ? sw_fail(err, SW_ENOMEM, NULL, "message %lld is too large", (long long)n->id) : SW_OK;
}
