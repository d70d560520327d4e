/*
 * cmd_demo_agreements.c — the agreements of `steward demo`: the web
 * shop's SLA with its customers, the service desk's OLA and the mail
 * provider's underpinning contract, created through the record kit as a
 * service owner would (docs/sla.md#agreements).
 */
#include <stddef.h>

#include "cli/cli.h"
#include "core/sla/agreement.h"
#include "base/banned.h"

/* An agreement's input: every member given, its services the n_ names of
 * the array svc_. */
#define AGREEMENT(name_, type_, desc_, customer_, group_, supplier_, owner_, from_, to_, review_, url_, target_,       \
		  amber_, svc_, n_)                                                                                    \
	{                                                                                                              \
		.name = (name_), .type = (type_), .status = "active", .description = (desc_), .customer = (customer_), \
		.group = (group_), .supplier = (supplier_), .owner = (owner_), .valid_from = (from_),                  \
		.valid_to = (to_), .review_date = (review_), .document_url = (url_), .target_compliance = (target_),   \
		.amber_percent = (amber_), .services = (svc_), .service_count = (n_), .set_type = true,                \
		.set_status = true, .set_description = true, .set_customer = true, .set_group = true,                  \
		.set_supplier = true, .set_owner = true, .set_valid_from = true, .set_valid_to = true,                 \
		.set_review_date = true, .set_document_url = true, .set_target_compliance = true,                      \
		.set_amber_percent = true, .set_services = true                                                        \
	}

static const char *shop[] = {"Web shop"};
static const char *mail[] = {"Email"};

/* clang-format off */
static const struct agreement_input agreements[] = {
	AGREEMENT("Web shop SLA", "sla", "What online customers are promised: the shop up and its faults fixed fast.",
		  "Online customers", NULL, NULL, "maria.manager", "2026-01-01", "2027-12-31", "2027-06-30",
		  "https://intranet.example.com/agreements/web-shop-sla.pdf", 98, 95, shop, 1),
	AGREEMENT("Service Desk OLA", "ola", "What the service desk promises the teams it supports.",
		  NULL, "Service Desk", NULL, "maria.manager", "2026-01-01", NULL, "2027-01-31", NULL, 95, 90, NULL, 0),
	AGREEMENT("Mail provider contract", "uc", "The SaaS mail provider's support contract.",
		  NULL, NULL, "MailCloud Ltd", "maria.manager", "2025-07-01", "2028-06-30", "2028-03-31",
		  "https://intranet.example.com/agreements/mailcloud.pdf", 99, 97, mail, 1),
};
/* clang-format on */

const struct demo_table demo_agreement_table =
	DEMO_RECORDS("demo agreement", agreements, offsetof(struct agreement_input, name), &agreement_kind);
