/*
 * survey_sql.h — the statement ids of action links and satisfaction
 * surveys (repo_survey.c); their SQL is in survey_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_SURVEY_SQL_H
#define SW_STORE_SURVEY_SQL_H

#include "store/catalog.h"

enum {
	ST_ACTION_LINK_INSERT = ST_BASE_SURVEY,
	ST_ACTION_LINK_BY_HASH,
	ST_ACTION_LINK_USE,
	ST_SURVEY_SETTINGS_LIST,
	ST_SURVEY_SETTINGS_GET,
	ST_SURVEY_SETTINGS_SAVE,
	ST_SURVEY_LAST_SENT,
	ST_SURVEY_INSERT,
	ST_SURVEY_BY_TICKET,
	ST_SURVEY_BY_ID,
	ST_SURVEY_ANSWER,
	ST_SURVEY_COMMENT,
	ST_SURVEY_REPORT_SERVICE,
	ST_SURVEY_REPORT_GROUP,
	ST_SURVEY_REPORT_AGENT,
	ST_SURVEY_REPORT_DAY,
	ST_SURVEY_COMMENTS,
	ST_SURVEY__END
};

extern const struct db_stmt survey_sql[ST_SURVEY__END - ST_BASE_SURVEY];

#endif
