/*
 * core.h — what every domain operation receives: the context.
 *
 * core/ holds Steward's domain (one file per practice) and knows nothing of
 * HTTP, JSON libraries or which database it runs on.  An operation takes a
 * struct ctx (who is acting, when, with which storage and memory) plus a
 * typed input, runs as one storage transaction including its audit rows,
 * and returns enum sw_err with details in a struct sw_error.
 *
 * Results are allocated in ctx->arena and live as long as it does.
 */
#ifndef SW_CORE_CORE_H
#define SW_CORE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct store;
struct cfgsnap;

/* A value list is an enum whose values have names.  Its header declares
 * its two functions with CORE_VALUE_LIST_DECL, its .c file defines them
 * with CORE_VALUE_LIST (core_int.h): name_fn(v), the name of v, and
 * parse_fn(s, out), the value s names (SW_EINVALID for NULL or an unknown
 * name; *out written only on success).  The list itself is name_fn_list,
 * for code that names or reads the values of any list (the members of an
 * answer, the columns of a row). */
struct core_values {
	const char *const *names; /* in enum order */
	int count;
	int fallback; /* what a value out of range is named as */
};
#define CORE_VALUE_LIST_DECL(type, name_fn, parse_fn)                                                                  \
	const char *name_fn(type v);                                                                                   \
	enum sw_err parse_fn(const char *s, type *out);                                                                \
	extern const struct core_values name_fn##_list
/* The name of v in l (that of l's fallback when v is out of range). */
const char *core_value_name(const struct core_values *l, int v);
/* The value s names in l; l's fallback for NULL or a name l lacks. */
int core_value_read(const struct core_values *l, const char *s);
/* The value s names in l; -1 for NULL or a name l lacks. */
int core_value_find(const struct core_values *l, const char *s);
/* l's names as "a, b, c" in buf (cut to size). */
const char *core_value_names(const struct core_values *l, char *buf, size_t size);
/* Unless s names a value of l, the field error "must be one of <l's names>". */
void core_value_check(struct sw_error *err, const char *field, const struct core_values *l, const char *s);
/* offsetof(T, member), a value of a list: an enum, which must be as wide
 * as the int code reading it by its offset takes it for. */
#define CORE_VALUE_AT(T, member)                                                                                       \
	(offsetof(T, member) + 0 * sizeof(char[sizeof(((T *)0)->member) == sizeof(int) ? 1 : -1]))

enum role { ROLE_END_USER, ROLE_AGENT, ROLE_MANAGER, ROLE_ADMIN, ROLE__COUNT };
CORE_VALUE_LIST_DECL(enum role, role_name, role_parse);

/* Who performs an operation.  user_id 0 with role admin is the system
 * itself (CLI, scheduler). */
struct actor {
	int64_t user_id;
	const char *login;
	enum role role;
	int64_t session_id; /* 0 unless authenticated by session cookie */
};

/* Process-wide settings core needs; built at start-up, immutable after. */
struct core_config {
	unsigned long long pwhash_opslimit;
	size_t pwhash_memlimit;
	int hash_concurrency;   /* concurrent password hashes allowed */
	int64_t session_ttl_s;  /* a session's lifetime */
	int64_t session_idle_s; /* a session unused this long ends */
	int login_failures_max;
	int64_t login_window_s;
	int64_t login_delay_s;    /* the first wait past login_failures_max, doubled by each attempt after */
	int sla_warn_percent;     /* an SLA clock warns at this share of its target (1..99) */
	int64_t reopen_window_s;  /* an end user may reopen this long after resolution; 0 = always */
	bool email_enabled;       /* an SMTP server is configured: email notifications are queued */
	int criticality_floor[5]; /* [service criticality 1..4] -> the lowest priority its incidents get; 0 = none */
	const char *public_url;   /* where people reach Steward, for links in messages */
	const char *mail_key;     /* 64 hex digits sealing mailbox passwords (core/mail/); "" or NULL: none */
	int mail_sender_limit;    /* messages from one address acted on per hour; more are kept, ignored; 0: no limit */
	int64_t approval_link_ttl_s; /* an approval email's decision link lasts this long; 0: no links (the inbox) */
	int64_t upload_ttl_s;        /* an upload made before its order waits this long (core/catalog/upload.h) */
};

void core_config_defaults(struct core_config *cfg);
/* "interactive" (default, libsodium's interactive limits) or "min" (tests). */
enum sw_err core_config_set_password_cost(struct core_config *cfg, const char *cost, struct sw_error *err);
/* Call once before threads start (libsodium init, hashing semaphore). */
enum sw_err core_init(const struct core_config *cfg, struct sw_error *err);

struct ctx {
	struct store *store;
	struct arena *arena;
	struct actor actor;
	int64_t now; /* epoch seconds, injected for tests */
	const struct core_config *cfg;
	/* the configuration snapshot this transaction reads and the
	 * transaction it is for (core/kernel/cfgsnap.h); zero to begin with */
	struct cfgsnap *snap;
	uint64_t snap_mark;
};

/* Work whose results are dropped when it is done (a row of an import, a
 * page of an export): between scratch_begin and scratch_end, everything
 * core and the store allocate for c goes to a fresh arena, released at the
 * end, so long runs stay in bounded memory. */
struct scratch {
	struct arena arena;
	struct arena *ctx_arena, *store_arena;
	struct cfgsnap *snap; /* c's before: one taken inside goes with the arena */
};
void scratch_begin(struct ctx *c, struct scratch *s);
void scratch_end(struct ctx *c, struct scratch *s);

/* A page request for lists: limit is already validated (1..LIMIT_PAGE_MAX). */
struct page {
	int limit;
	const char *cursor; /* opaque, as received; NULL for the first page */
};

#endif
