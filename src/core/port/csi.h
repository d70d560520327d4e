/*
 * port/csi.h — what core needs from storage for continual service
 * improvement: action links (core/kernel/action_link.h), satisfaction
 * surveys (core/csi/survey.h) and the improvement register
 * (core/csi/improvement.h).  Implemented by store/repo_survey.c and
 * store/repo_improve.c; the conventions are in port/store.h.
 */
#ifndef SW_CORE_PORT_CSI_H
#define SW_CORE_PORT_CSI_H

#include "core/port/store.h"

struct action_link;
struct survey;
struct survey_list;
struct survey_settings;
struct survey_report_row;
struct survey_filter;
struct improvement_plan;
struct improvement_kpi;
struct ticket_list;

/* ---- action links ---------------------------------------------------------------- */
enum sw_err store_action_link_insert(struct store *s, const struct action_link *l, const char *token_hash, int64_t *id,
				     struct sw_error *err);
/* SW_ENOTFOUND when no link of purpose has token_hash. */
enum sw_err store_action_link_by_hash(struct store *s, const char *purpose, const char *token_hash,
				      struct action_link *out, struct sw_error *err);
/* Mark it used at if it is still unused; *marked says whether it was. */
enum sw_err store_action_link_use(struct store *s, int64_t id, int64_t at, bool *marked, struct sw_error *err);

/* ---- surveys ----------------------------------------------------------------------- */
/* Every kind's settings row (kinds never configured have none). */
enum sw_err store_survey_settings_list(struct store *s, struct survey_settings **out, size_t *count,
				       struct sw_error *err);
enum sw_err store_survey_settings_get(struct store *s, const char *kind, struct survey_settings *out,
				      struct sw_error *err);
enum sw_err store_survey_settings_save(struct store *s, const struct survey_settings *v, struct sw_error *err);
/* When user_id was last sent a survey (0: never). */
enum sw_err store_survey_last_sent(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err);
enum sw_err store_survey_insert(struct store *s, struct survey *v, struct sw_error *err);
enum sw_err store_survey_by_ticket(struct store *s, int64_t ticket_id, struct survey *out, struct sw_error *err);
enum sw_err store_survey_by_id(struct store *s, int64_t id, struct survey *out, struct sw_error *err);
/* Record the answer if none is recorded yet; *recorded says whether. */
enum sw_err store_survey_answer(struct store *s, const struct survey *v, bool *recorded, struct sw_error *err);
enum sw_err store_survey_comment(struct store *s, int64_t id, const char *comment, struct sw_error *err);
/* The report's rows: surveys sent in [from, to) grouped by f->by. */
enum sw_err store_survey_report(struct store *s, const struct survey_filter *f, struct survey_report_row **out,
				size_t *count, struct sw_error *err);
/* Answered surveys with a comment in [from, to), newest first, at most limit. */
enum sw_err store_survey_comments(struct store *s, const struct survey_filter *f, int limit, struct survey **out,
				  size_t *count, struct sw_error *err);

/* ---- improvements ------------------------------------------------------------------ */
/* SW_ENOTFOUND when the improvement has no plan row yet. */
enum sw_err store_improvement_plan_get(struct store *s, int64_t id, struct improvement_plan *out, struct sw_error *err);
enum sw_err store_improvement_plan_save(struct store *s, int64_t id, const struct improvement_plan *p,
					struct sw_error *err);
enum sw_err store_improvement_links_set(struct store *s, int64_t id, const int64_t *tickets, size_t count,
					struct sw_error *err);
enum sw_err store_improvement_services_set(struct store *s, int64_t id, const int64_t *services, size_t count,
					   struct sw_error *err);
/* KPIs replaced whole, keeping the baselines of names kept. */
enum sw_err store_improvement_kpis_set(struct store *s, int64_t id, const struct improvement_kpi *kpis, size_t count,
				       struct sw_error *err);
enum sw_err store_improvement_kpi_baseline(struct store *s, int64_t kpi_id, bool has, int64_t hundredths, int64_t at,
					   struct sw_error *err);
/* The improvements linked to ticket_id (a problem or change). */
enum sw_err store_improvements_of(struct store *s, int64_t ticket_id, struct ticket_list *out, struct sw_error *err);

#endif
