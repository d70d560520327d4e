/*
 * user.h — accounts and groups.  Admins manage them; agents, managers and
 * admins may read them (to assign work); everyone may read themselves.
 *
 * Inputs are "patch" shaped: a NULL string or a false has_* flag means
 * "leave unchanged" (for create, required fields must be set).
 */
#ifndef SW_CORE_USER_H
#define SW_CORE_USER_H

#include "core/model.h"
#include "core/port/store.h"
#include "core/port/account.h"

struct user_input {
	const char *login, *name, *email, *timezone, *role, *password;
	bool has_active;
	bool active;
	bool has_expires_at;
	int64_t expires_at; /* 0: never */
};

/* Domain checks shared by create and update, recorded as field errors;
 * returns err->code. */
enum sw_err user_validate(const struct user_input *in, bool creating, struct sw_error *err);

enum sw_err user_create(struct ctx *c, const struct user_input *in, struct user *out, struct sw_error *err);
enum sw_err user_update(struct ctx *c, const char *login, const struct user_input *in, struct user *out,
			struct sw_error *err);
enum sw_err user_get(struct ctx *c, const char *login, struct user *out, struct sw_error *err);
enum sw_err user_list(struct ctx *c, const struct user_filter *f, const struct page *p, struct user_list *out,
		      struct sw_error *err);
/* The caller and the names of their groups. */
enum sw_err user_me(struct ctx *c, struct user *out, const char ***groups, size_t *group_count, struct sw_error *err);

/* The audit trail of an account or a group (admins only). */
enum sw_err user_history(struct ctx *c, const char *login, struct audit_list *out, struct sw_error *err);
enum sw_err group_history(struct ctx *c, const char *name, struct audit_list *out, struct sw_error *err);

struct group_input {
	const char *name, *description;
	bool has_manager;
	const char *manager; /* login; NULL with has_manager clears it */
	bool has_members;
	const char **members; /* logins */
	size_t member_count;
};

enum sw_err group_create(struct ctx *c, const struct group_input *in, struct group *out, struct sw_error *err);
enum sw_err group_update(struct ctx *c, const char *name, const struct group_input *in, struct group *out,
			 struct sw_error *err);
enum sw_err group_get(struct ctx *c, const char *name, struct group *out, struct sw_error *err);
enum sw_err group_list(struct ctx *c, const struct page *p, struct group_list *out, struct sw_error *err);

#endif
