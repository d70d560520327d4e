/*
 * template.h — incident templates ("Password reset", "VPN down"): named
 * sets of field values that prefill a new incident.  Fields the caller
 * gives win over the template's.  Admins write templates; everyone who
 * can raise an incident can read the active ones.
 */
#ifndef SW_CORE_TEMPLATE_H
#define SW_CORE_TEMPLATE_H

#include "core/model.h"
#include "core/kernel/record.h"
#include "base/list.h"

struct incident_template {
	int64_t id;
	const char *name, *title, *description;
	int impact, urgency;
	const char *category; /* NULL = none */
	int64_t group_id;     /* 0 = none */
	const char *group;
	bool active;
	int64_t created_at, updated_at;
};

LIST_OF(template_list, incident_template);

/* Create and patch input; set_* says which fields were given.  A null
 * category or assignment_group (with its flag) clears it. */
struct template_input {
	const char *name, *title, *description, *category, *group;
	int impact, urgency;
	bool active;
	bool set_title, set_description, set_category, set_group, set_impact, set_urgency, set_active;
};

/* Run by core/kernel/record.h: struct template_input in, struct
 * incident_template out, named by name; admins write, every user reads
 * (end users see and get active templates only). */
extern const struct record_kind template_kind;

#endif
