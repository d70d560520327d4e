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

/* Its kind and input (struct template_input: a null category or group,
 * given, clears it), run by core/kernel/record.h: admins write, every
 * user reads (end users see and get active templates only). */
/* clang-format off */
#define TEMPLATE_INPUT(GIVEN, PLAIN) \
	GIVEN(const char *, title) GIVEN(const char *, description) GIVEN(const char *, category) \
	GIVEN(const char *, group) GIVEN(int, impact) GIVEN(int, urgency) GIVEN(bool, active)
/* clang-format on */
RECORD_KIND_DECL(template_kind, template_list, incident_template, template_input, TEMPLATE_INPUT);

#endif
