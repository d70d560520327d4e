/*
 * cmd_demo_schedule.c — the change schedule of `steward demo`: a global
 * month-end freeze that emergency changes may override, the web shop's
 * weekly maintenance night, and the network's patch evening on the first
 * Tuesday of each month, created through the record kit as an admin
 * would (docs/schedule.md).
 */
#include <stddef.h>

#include "cli/cli.h"
#include "core/schedule/schedule.h"
#include "base/banned.h"

/* A window's input; its services the n_ names of the array svc_. */
#define WINDOW(name_, kind_, desc_, zone_, start_, minutes_, rule_, override_, svc_, n_)                               \
	{                                                                                                              \
		.name = (name_), .kind = (kind_), .description = (desc_), .timezone = (zone_), .start = (start_),      \
		.duration = (minutes_), .recurrence = (rule_), .allow_override = (override_), .active = true,          \
		.services = (svc_), .service_count = (n_), .set_kind = true, .set_description = true,                  \
		.set_timezone = true, .set_start = true, .set_duration = true, .set_recurrence = true,                 \
		.set_allow_override = true, .set_active = true, .set_services = true                                   \
	}

static const char *shop[] = {"Web shop", "Database platform"};
static const char *network[] = {"Network", "Remote access (VPN)"};

/* clang-format off */
static const struct change_window_input windows[] = {
	WINDOW("Month-end freeze", "blackout",
	       "Finance closes the books: no changes on the last day of the month, emergencies aside.",
	       "Europe/London", "2026-01-31T00:00", 1440, "FREQ=MONTHLY;BYMONTHDAY=-1", true, NULL, 0),
	WINDOW("Web shop maintenance", "maintenance",
	       "Sunday night, when the shop sells least: deployments and database patches.",
	       "Europe/London", "2026-01-04T02:00", 180, "FREQ=WEEKLY;BYDAY=SU", false, shop, 2),
	WINDOW("Network patch evening", "maintenance",
	       "Firmware and firewall rule changes, first Tuesday of the month after hours.",
	       "Europe/London", "2026-01-06T19:00", 240, "FREQ=MONTHLY;BYDAY=1TU", false, network, 2),
};
/* clang-format on */

const struct demo_table demo_window_table =
	DEMO_RECORDS("demo change window", windows, offsetof(struct change_window_input, name), &change_window_kind);
