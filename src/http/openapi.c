/*
 * openapi.c — the OpenAPI 3.1 document, generated from the route table so
 * that it cannot drift from what the server serves.  Component schemas
 * are written here once; routes name them.
 */
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "http/http.h"
#include "base/banned.h"

/* A member of a list of links in a history entry: a name, or {id, name}. */
#define HISTORY_MEMBER                                                                                                 \
	"{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"object\",\"required\":[\"id\",\"name\"],"                       \
	"\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}}" \
	"}]}"

static const char security_schemes[] =
	"{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"},"
	"\"session\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":\"steward_session\"}}";

/* The members of components.schemas written here; those of the ticket
 * kinds are generated from their declarations (api_openapi_ticket_schemas). */
static const char schemas[] =
	"\"Problem\":{\"type\":\"object\",\"required\":[\"type\",\"title\",\"status\",\"detail\",\"request_id\"],"
	"\"additionalProperties\":false,\"properties\":{\"type\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},"
	"\"status\":{\"type\":\"integer\"},\"detail\":{\"type\":\"string\"},\"request_id\":{\"type\":\"string\"},"
	"\"errors\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"field\",\"detail\"],"
	"\"additionalProperties\":false,\"properties\":{\"field\":{\"type\":\"string\"},"
	"\"detail\":{\"type\":\"string\"}}}},\"allowed\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
	"\"description\":\"with illegal-transition: the actions the record allows now\"},"
	"\"current_version\":{\"type\":\"integer\",\"description\":\"with stale-version: the version stored now\"},"
	"\"report\":{\"$ref\":\"#/components/schemas/ImportReport\",\"description\":\"with an atomic import refused "
	"(nothing written): what each row did\"}}},"
	"\"Login\":{\"type\":\"object\",\"required\":[\"login\",\"password\"],\"additionalProperties\":false,"
	"\"properties\":{\"login\":{\"type\":\"string\"},\"password\":{\"type\":\"string\"}}},"
	"\"LoginResult\":{\"type\":\"object\",\"required\":[\"user\",\"csrf_token\"],\"additionalProperties\":false,"
	"\"properties\":{\"user\":{\"$ref\":\"#/components/schemas/Me\"},\"csrf_token\":{\"type\":\"string\"}}},"
	"\"Me\":{\"type\":\"object\",\"required\":[\"login\",\"name\",\"email\",\"timezone\",\"role\",\"active\","
	"\"created_at\",\"updated_at\",\"groups\"],\"additionalProperties\":false,"
	"\"properties\":{\"login\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"
	"\"email\":{\"type\":\"string\"},\"timezone\":{\"type\":\"string\"},\"role\":{\"enum\":[\"end_user\",\"agent\","
	"\"manager\",\"admin\"]},\"active\":{\"type\":\"boolean\"},\"expires_at\":{\"type\":[\"string\",\"null\"],"
	"\"format\":\"date-time\"},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"groups\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"csrf_token\":{\"type\":\"string\","
	"\"description\":\"cookie sessions only: what X-CSRF-Token must carry\"}}},"
	"\"User\":{\"type\":\"object\",\"required\":[\"login\",\"name\",\"email\",\"timezone\",\"role\",\"active\","
	"\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"login\":{\"type\":\"string\"},"
	"\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},\"timezone\":{\"type\":\"string\"},"
	"\"role\":{\"enum\":[\"end_user\",\"agent\",\"manager\",\"admin\"]},\"active\":{\"type\":\"boolean\"},"
	"\"expires_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\",\"description\":\"the account ends "
	"then: "
	"no login, its sessions and tokens stop; null: "
	"never\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"UserInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"login\":{\"type\":\"string"
	"\",\"maxLength\":64},\"name\":{\"type\":\"string\",\"maxLength\":200},\"email\":{\"type\":\"string\"},"
	"\"timezone\":{\"type\":\"string\"},\"role\":{\"enum\":[\"end_user\",\"agent\",\"manager\",\"admin\"]},"
	"\"active\":{\"type\":\"boolean\"},\"password\":{\"type\":\"string\",\"minLength\":8},"
	"\"expires_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}}},"
	"\"ApiToken\":{\"type\":\"object\",\"required\":[\"id\",\"name\",\"created_at\",\"last_used_at\",\"expires_"
	"at\"],"
	"\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
	"\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"last_used_at\":{\"type\":[\"string\",\"null\"]"
	","
	"\"format\":\"date-time\",\"description\":\"to the minute\"},\"expires_at\":{\"type\":[\"string\",\"null\"],"
	"\"format\":\"date-time\"},\"token\":{\"type\":\"string\",\"description\":\"the secret, in the answer to the "
	"create "
	"only\"}}},"
	"\"ApiTokenInput\":{\"type\":\"object\",\"required\":[\"name\"],\"additionalProperties\":false,\"properties\":{"
	"\"name\":{\"type\":\"string\",\"maxLength\":100},\"expires_at\":{\"type\":[\"string\",\"null\"],"
	"\"format\":\"date-time\"}}},"
	"\"Group\":{\"type\":\"object\",\"required\":[\"name\",\"description\",\"manager\",\"members\",\"created_at\","
	"\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\"},"
	"\"description\":{\"type\":\"string\"},\"manager\":{\"type\":[\"string\",\"null\"]},"
	"\"members\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"GroupInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string"
	"\"},\"description\":{\"type\":\"string\"},\"manager\":{\"type\":[\"string\",\"null\"]},"
	"\"members\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}},"
	"\"ActionInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"reason\":{\"type\":\"str"
	"ing\"},\"resolution_code\":{\"type\":\"string\"},\"resolution_notes\":{\"type\":\"string\"},"
	"\"resolve_incidents\":{\"type\":\"boolean\",\"description\":\"resolving a problem: its open incidents too"
	" (the default); false refuses while any is open\"}}},"
	"\"Comment\":{\"type\":\"object\",\"required\":[\"id\",\"author\",\"internal\",\"body\",\"created_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},\"author\":{\"type\":\"string\"},"
	"\"internal\":{\"type\":\"boolean\"},\"body\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"CommentInput\":{\"type\":\"object\",\"required\":[\"body\"],\"additionalProperties\":false,"
	"\"properties\":{\"body\":{\"type\":\"string\"},\"internal\":{\"type\":\"boolean\"}}},"
	"\"HistoryEntry\":{\"type\":\"object\",\"required\":[\"at\",\"actor\",\"action\",\"changes\"],"
	"\"additionalProperties\":false,\"properties\":{\"at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"actor\":{\"type\":[\"string\",\"null\"]},\"action\":{\"type\":\"string\"},\"changes\":{\"type\":\"object\","
	"\"description\":\"per field (or custom.<name>): its value before (absent when it had none) and after;"
	" for a list of links (a service's objectives, depends_on and cis) the members it gained and lost, each a"
	" name or {id, name}\","
	"\"additionalProperties\":{\"oneOf\":[{\"type\":\"object\",\"required\":[\"to\"],"
	"\"additionalProperties\":false,\"properties\":{\"from\":{},\"to\":{}}},{\"type\":\"object\","
	"\"required\":[\"added\",\"removed\"],\"additionalProperties\":false,\"properties\":{"
	"\"added\":{\"type\":\"array\",\"items\":" HISTORY_MEMBER "},"
	"\"removed\":{\"type\":\"array\",\"items\":" HISTORY_MEMBER "}}}]}}}},"
	"\"Attachment\":{\"type\":\"object\",\"required\":[\"id\",\"filename\",\"content_type\",\"size\",\"sha256\","
	"\"created_by\",\"created_at\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"filename\":{\"type\":\"string\"},\"content_type\":{\"type\":\"string\"},\"size\":{\"type\":\"integer\"},"
	"\"sha256\":{\"type\":\"string\"},\"created_by\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"Link\":{\"type\":\"object\",\"required\":[\"kind\",\"target\",\"created_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"kind\":{\"type\":\"string\"},"
	"\"target\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"LinkInput\":{\"type\":\"object\",\"required\":[\"kind\",\"target\"],\"additionalProperties\":false,"
	"\"properties\":{\"kind\":{\"enum\":[\"caused_by\",\"fixed_by\",\"duplicate_of\",\"parent_of\",\"child_of\","
	"\"relates_to\"]},\"target\":{\"type\":\"string\"}}},"
	"\"WatcherInput\":{\"type\":\"object\",\"required\":[\"login\"],\"additionalProperties\":false,"
	"\"properties\":{\"login\":{\"type\":\"string\"}}},"
	"\"Health\":{\"type\":\"object\",\"required\":[\"status\",\"database\"],\"additionalProperties\":false,"
	"\"properties\":{\"status\":{\"enum\":[\"ok\",\"unavailable\"]},\"database\":{\"enum\":[\"ok\",\"down\"]}}},"
	"\"AssignmentRule\":{\"type\":\"object\",\"required\":[\"name\",\"position\",\"active\",\"match_category\","
	"\"match_priority\",\"match_keywords\",\"assignment_group\",\"assign\",\"match_service\",\"match_ci\","
	"\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\"},"
	"\"position\":{\"type\":\"integer\"},\"active\":{\"type\":\"boolean\"},\"match_category\":{\"type\":[\"string\""
	",\"null\"]},\"match_priority\":{\"type\":[\"integer\",\"null\"]},\"match_keywords\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\"}},\"assignment_group\":{\"type\":\"string\"},\"assign\":{\"enum\":[\"none\","
	"\"round_robin\",\"least_open\"]},\"match_service\":{\"type\":[\"string\",\"null\"]},"
	"\"match_ci\":{\"type\":[\"integer\",\"null\"]},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"AssignmentRuleInput\":{\"type\":\"object\",\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\"},\"position\":{\"type\":\"integer\",\"minimum\":0},"
	"\"active\":{\"type\":\"boolean\"},\"match_category\":{\"type\":[\"string\",\"null\"]},"
	"\"match_priority\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":5},\"match_keywords\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\"}},\"assignment_group\":{\"type\":\"string\"},\"assign\":{\"enum\":[\"none\","
	"\"round_robin\",\"least_open\"]},\"match_service\":{\"type\":[\"string\",\"null\"]},"
	"\"match_ci\":{\"type\":[\"integer\",\"null\"]}}},"
	"\"Category\":{\"type\":\"object\",\"required\":[\"id\",\"path\",\"name\",\"parent\",\"active\","
	"\"created_at\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"path\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"parent\":{\"type\":[\"string\",\"null\"]},"
	"\"active\":{\"type\":\"boolean\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"CategoryInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"str"
	"ing\",\"maxLength\":60},\"parent\":{\"type\":[\"string\",\"null\"]},\"active\":{\"type\":\"boolean\"}}},"
	"\"Template\":{\"type\":\"object\",\"required\":[\"name\",\"title\",\"description\",\"impact\",\"urgency\","
	"\"category\",\"assignment_group\",\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},"
	"\"description\":{\"type\":\"string\"},\"impact\":{\"type\":\"integer\"},\"urgency\":{\"type\":\"integer\"},"
	"\"category\":{\"type\":[\"string\",\"null\"]},\"assignment_group\":{\"type\":[\"string\",\"null\"]},"
	"\"active\":{\"type\":\"boolean\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"TemplateInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"str"
	"ing\"},\"title\":{\"type\":\"string\",\"maxLength\":300},\"description\":{\"type\":\"string\"},"
	"\"impact\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":3},\"urgency\":{\"type\":\"integer\",\"minimum\":1,"
	"\"maximum\":3},\"category\":{\"type\":[\"string\",\"null\"]},\"assignment_group\":{\"type\":[\"string\","
	"\"null\"]},\"active\":{\"type\":\"boolean\"}}},"
	"\"Calendar\":{\"type\":\"object\",\"required\":[\"name\",\"timezone\",\"hours\",\"holidays\",\"created_at\","
	"\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\"},"
	"\"timezone\":{\"type\":\"string\"},\"hours\":{\"type\":\"string\"},\"holidays\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\",\"format\":\"date\"}},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"CalendarInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"str"
	"ing\"},\"timezone\":{\"type\":\"string\",\"description\":\"IANA zone\"},\"hours\":{\"type\":\"string\","
	"\"description\":\"24x7, or e.g. mon-fri 09:00-17:00; sat 10:00-14:00\"},\"holidays\":{\"type\":\"array\","
	"\"maxItems\":366,\"items\":{\"type\":\"string\",\"format\":\"date\"}}}},"
	"\"SlaPolicy\":{\"type\":\"object\",\"required\":[\"name\",\"position\",\"active\",\"match_kind\","
	"\"match_priority\",\"match_group\",\"calendar\",\"match_service\",\"response_seconds\",\"resolution_seconds\","
	"\"pause_on\",\"agreement\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{"
	"\"name\":{\"type\":\"string\"},\"agreement\":{\"type\":[\"string\",\"null\"],\"description\":\"the agreement "
	"that owns it (docs/sla.md#agreements); null: none\"},"
	"\"pause_on\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"hold reasons that pause "
	"its "
	"clocks; empty: the ticket kind's own (awaiting_caller for incidents)\"},"
	"\"position\":{\"type\":\"integer\"},\"active\":{\"type\":\"boolean\"},\"match_kind\":{\"type\":[\"string\","
	"\"null\"]},\"match_priority\":{\"type\":[\"integer\",\"null\"]},\"match_group\":{\"type\":[\"string\","
	"\"null\"]},\"calendar\":{\"type\":\"string\"},\"match_service\":{\"type\":[\"string\",\"null\"]},"
	"\"response_seconds\":{\"type\":[\"integer\",\"null\"]},\"resolution_seconds\":{\"type\":[\"integer\","
	"\"null\"]},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"SlaPolicyInput\":{\"type\":\"object\",\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\"},\"position\":{\"type\":\"integer\",\"minimum\":0},"
	"\"active\":{\"type\":\"boolean\"},\"match_kind\":{\"type\":[\"string\",\"null\"]},"
	"\"match_priority\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":5},\"match_group\":{\"type\":[\"string\","
	"\"null\"]},\"calendar\":{\"type\":\"string\"},\"match_service\":{\"type\":[\"string\",\"null\"]},"
	"\"response_seconds\":{\"type\":\"integer\",\"minimum\":0},\"resolution_seconds\":{\"type\":\"integer\","
	"\"minimum\":0},\"pause_on\":{\"type\":\"array\",\"maxItems\":10,\"items\":{\"type\":\"string\"}},"
	"\"agreement\":{\"type\":[\"string\",\"null\"]}}},"
	"\"SlaClock\":{\"type\":\"object\",\"required\":[\"metric\",\"policy\",\"calendar\",\"target\",\"state\","
	"\"due_at\",\"elapsed\",\"remaining\",\"breached\",\"paused\",\"warned_at\",\"breached_at\",\"agreement\","
	"\"agreement_version\",\"breach_reason\"],"
	"\"additionalProperties\":false,\"properties\":{\"metric\":{\"enum\":[\"response\",\"resolution\",\"ola\"],"
	"\"description\":\"ola: an OLA clock, the group's (docs/sla.md#ola-clocks)\"},"
	"\"id\":{\"type\":\"integer\",\"description\":\"the clock (POST .../sla/{id}/breach-reason)\"},"
	"\"group\":{\"type\":[\"string\",\"null\"],\"description\":\"an OLA clock: the group it measures\"},"
	"\"handed_over\":{\"type\":\"boolean\",\"description\":\"an OLA clock: the group handed the ticket "
	"on (the clock is over)\"},"
	"\"agreement\":{\"type\":[\"string\",\"null\"],\"description\":\"the agreement it is measured under\"},"
	"\"breach_reason\":{\"type\":[\"string\",\"null\"],\"description\":\"why it was breached: a breach reason "
	"an agent set\"},"
	"\"agreement_version\":{\"type\":[\"integer\",\"null\"],\"description\":\"that agreement's version when "
	"the clock started or was re-targeted\"},"
	"\"policy\":{\"type\":\"string\"},\"calendar\":{\"type\":\"string\"},\"target\":{\"type\":\"integer\"},"
	"\"state\":{\"enum\":[\"running\",\"paused\",\"stopped\"]},\"due_at\":{\"type\":[\"string\",\"null\"],"
	"\"format\":\"date-time\"},\"elapsed\":{\"type\":\"integer\"},\"remaining\":{\"type\":\"integer\"},"
	"\"breached\":{\"type\":\"boolean\"},\"paused\":{\"type\":\"boolean\"},\"warned_at\":{\"type\":[\"string\","
	"\"null\"],\"format\":\"date-time\"},\"breached_at\":{\"type\":[\"string\",\"null\"],"
	"\"format\":\"date-time\"}}},"
	"\"EscalationRule\":{\"type\":\"object\",\"required\":[\"name\",\"position\",\"active\",\"event\","
	"\"match_metric\",\"match_priority\",\"action\",\"group\",\"created_at\",\"updated_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\"},"
	"\"position\":{\"type\":\"integer\"},\"active\":{\"type\":\"boolean\"},\"event\":{\"enum\":[\"warning\","
	"\"breach\"]},\"match_metric\":{\"enum\":[\"response\",\"resolution\",null]},"
	"\"match_priority\":{\"type\":[\"integer\",\"null\"]},\"action\":{\"enum\":[\"notify_manager\","
	"\"raise_priority\",\"reassign\"]},\"group\":{\"type\":[\"string\",\"null\"]},"
	"\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"EscalationRuleInput\":{\"type\":\"object\",\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\"},\"position\":{\"type\":\"integer\",\"minimum\":0},"
	"\"active\":{\"type\":\"boolean\"},\"event\":{\"enum\":[\"warning\",\"breach\"]},"
	"\"match_metric\":{\"enum\":[\"response\",\"resolution\",null]},\"match_priority\":{\"type\":\"integer\","
	"\"minimum\":0,\"maximum\":5},\"action\":{\"enum\":[\"notify_manager\",\"raise_priority\",\"reassign\"]},"
	"\"group\":{\"type\":[\"string\",\"null\"]}}},"
	"\"Notification\":{\"type\":\"object\",\"required\":[\"id\",\"ticket\",\"article\",\"event\",\"subject\","
	"\"body\",\"created_at\",\"read_at\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":"
	"\"integer\"},\"ticket\":{\"type\":[\"string\",\"null\"]},\"article\":{\"type\":[\"string\",\"null\"],"
	"\"description\":\"the knowledge article it is about (article "
	"events)\"},\"event\":{\"type\":\"string\"},\"subject\":{\"type\":\"string\"},"
	"\"body\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"read_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}}},"
	"\"NotificationPage\":{\"type\":\"object\",\"required\":[\"items\",\"next_cursor\",\"unread\"],"
	"\"additionalProperties\":false,\"properties\":{\"items\":{\"type\":\"array\","
	"\"items\":{\"$ref\":\"#/components/schemas/Notification\"}},\"next_cursor\":{\"type\":[\"string\",\"null\"]},"
	"\"unread\":{\"type\":\"integer\"}}},"
	"\"OutboxEntry\":{\"type\":\"object\",\"required\":[\"id\",\"ticket\",\"article\",\"event\",\"subject\","
	"\"body\",\"to\",\"state\",\"attempts\",\"next_attempt_at\",\"last_error\",\"sent_at\",\"created_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},\"ticket\":{\"type\":[\"string\","
	"\"null\"]},\"article\":{\"type\":[\"string\",\"null\"]},\"event\":{\"type\":\"string\"},\"subject\":{\"type\":"
	"\"string\"},\"body\":{\"type\":\"string\"},"
	"\"to\":{\"type\":\"string\"},\"state\":{\"enum\":[\"pending\",\"sending\",\"sent\",\"failed\"]},"
	"\"attempts\":{\"type\":\"integer\"},\"next_attempt_at\":{\"type\":[\"string\",\"null\"],"
	"\"format\":\"date-time\"},\"last_error\":{\"type\":[\"string\",\"null\"]},\"sent_at\":{\"type\":[\"string\","
	"\"null\"],\"format\":\"date-time\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"NotificationRule\":{\"type\":\"object\",\"required\":[\"name\",\"event\",\"recipients\",\"channels\","
	"\"group\",\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\"},\"event\":{\"type\":\"string\"},"
	"\"recipients\":{\"type\":\"array\",\"items\":{\"enum\":[\"requester\",\"watchers\",\"assignee\",\"group\","
	"\"manager\",\"owner\",\"approver\"]}},\"channels\":{\"type\":\"array\",\"items\":{\"enum\":[\"in_app\","
	"\"email\"]}},"
	"\"group\":{\"type\":[\"string\",\"null\"]},\"active\":{\"type\":\"boolean\"},"
	"\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	/* NotificationRuleInput: api_notify.c, its events from notify_event_name */
	"\"NotificationTemplate\":{\"type\":\"object\",\"required\":[\"event\",\"subject\",\"body\",\"updated_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"event\":{\"type\":\"string\"},"
	"\"subject\":{\"type\":\"string\"},\"body\":{\"type\":\"string\"},\"updated_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"NotificationTemplateInput\":{\"type\":\"object\",\"required\":[\"subject\",\"body\"],"
	"\"additionalProperties\":false,\"properties\":{\"subject\":{\"type\":\"string\",\"maxLength\":200},"
	"\"body\":{\"type\":\"string\",\"maxLength\":10000}}},"
	"\"CiAttributeDefinition\":{\"type\":\"object\",\"required\":[\"name\",\"type\"],"
	"\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9_]{0,"
	"59}$\"},\"type\":{\"enum\":[\"string\",\"int\",\"bool\",\"date\",\"enum\",\"reference\"]},"
	"\"required\":{\"type\":\"boolean\"},\"unique\":{\"type\":\"boolean\"},\"choices\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\"}},\"ref_class\":{\"type\":\"string\"}}},"
	"\"CiAttribute\":{\"type\":\"object\",\"required\":[\"name\",\"type\",\"required\",\"unique\"],"
	"\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9_]{0,"
	"59}$\"},\"type\":{\"enum\":[\"string\",\"int\",\"bool\",\"date\",\"enum\",\"reference\"]},"
	"\"required\":{\"type\":\"boolean\"},\"unique\":{\"type\":\"boolean\"},\"choices\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\"}},\"ref_class\":{\"type\":\"string\"}},\"description\":\"an attribute definitio"
	"n as a class answer shows it (CiAttributeDefinition is what a client sends)\"},"
	"\"CiClass\":{\"type\":\"object\",\"required\":[\"name\",\"parent\",\"description\",\"attributes\","
	"\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\"},"
	"\"parent\":{\"type\":[\"string\",\"null\"]},\"description\":{\"type\":\"string\"},"
	"\"attributes\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/CiAttribute\"}},"
	"\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"CiClassInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"stri"
	"ng\"},\"parent\":{\"type\":[\"string\",\"null\"]},\"description\":{\"type\":\"string\"},"
	"\"attributes\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/CiAttributeDefinition\"}}}},"
	"\"Ci\":{\"type\":\"object\",\"required\":[\"id\",\"name\",\"class\",\"status\",\"environment\",\"location\","
	"\"external_id\",\"owner\",\"support_group\",\"attributes\",\"version\",\"created_at\",\"updated_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
	"\"class\":{\"type\":\"string\"},\"status\":{\"enum\":[\"planned\",\"in_service\",\"maintenance\","
	"\"retired\"]},\"environment\":{\"type\":\"string\"},\"location\":{\"type\":\"string\"},"
	"\"external_id\":{\"type\":[\"string\",\"null\"]},\"owner\":{\"type\":[\"string\",\"null\"]},"
	"\"support_group\":{\"type\":[\"string\",\"null\"]},\"attributes\":{\"type\":\"object\","
	"\"additionalProperties\":{\"type\":[\"string\",\"integer\",\"boolean\"]}},\"version\":{\"type\":\"integer\"},"
	"\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"CiInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"string\"}"
	",\"class\":{\"type\":\"string\"},\"status\":{\"enum\":[\"planned\",\"in_service\",\"maintenance\","
	"\"retired\"]},\"environment\":{\"type\":\"string\"},\"location\":{\"type\":\"string\"},"
	"\"external_id\":{\"type\":[\"string\",\"null\"]},\"owner\":{\"type\":[\"string\",\"null\"]},"
	"\"support_group\":{\"type\":[\"string\",\"null\"]},\"attributes\":{\"type\":\"object\","
	"\"additionalProperties\":{\"type\":[\"string\",\"integer\",\"boolean\",\"null\"]}}}},"
	"\"Relation\":{\"type\":\"object\",\"required\":[\"id\",\"from\",\"type\",\"to\",\"created_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},\"from\":{\"type\":\"object\","
	"\"required\":[\"id\",\"name\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"name\":{\"type\":\"string\"}}},\"type\":{\"type\":\"string\"},\"to\":{\"type\":\"object\","
	"\"required\":[\"id\",\"name\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"name\":{\"type\":\"string\"}}},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"RelationInput\":{\"type\":\"object\",\"required\":[\"type\",\"to\"],\"additionalProperties\":false,"
	"\"properties\":{\"type\":{\"enum\":[\"depends_on\",\"runs_on\",\"hosted_on\",\"connects_to\",\"part_of\","
	"\"backed_up_by\"]},\"to\":{\"type\":\"integer\",\"minimum\":1}}},"
	"\"GraphNode\":{\"type\":\"object\",\"required\":[\"kind\",\"id\",\"name\",\"depth\",\"path\"],"
	"\"additionalProperties\":false,\"properties\":{\"kind\":{\"enum\":[\"ci\",\"service\",\"objective\"]},"
	"\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"depth\":{\"type\":\"integer\"},"
	"\"path\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"kind\",\"id\",\"name\"],"
	"\"additionalProperties\":false,\"properties\":{\"kind\":{\"type\":\"string\"},\"id\":{\"type\":\"integer\"},"
	"\"name\":{\"type\":\"string\"},\"relation\":{\"type\":\"string\"}}}}}},"
	"\"Graph\":{\"type\":\"object\",\"required\":[\"from\",\"depth\",\"items\",\"truncated\"],"
	"\"additionalProperties\":false,\"properties\":{\"from\":{\"type\":\"object\",\"required\":[\"kind\",\"id\","
	"\"name\"],\"additionalProperties\":false,\"properties\":{\"kind\":{\"enum\":[\"ci\",\"service\","
	"\"objective\"]},\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}}},"
	"\"depth\":{\"type\":\"integer\"},\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Grap"
	"hNode\"}},\"truncated\":{\"type\":\"boolean\"}}},"
	"\"Objective\":{\"type\":\"object\",\"required\":[\"id\",\"name\",\"description\",\"owner\",\"measure\","
	"\"target\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,"
	"\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
	"\"description\":{\"type\":\"string\"},\"owner\":{\"type\":[\"string\",\"null\"]},"
	"\"measure\":{\"type\":\"string\"},\"target\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"ObjectiveInput\":{\"type\":\"object\",\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\"},\"description\":{\"type\":\"string\"},"
	"\"owner\":{\"type\":[\"string\",\"null\"]},\"measure\":{\"type\":\"string\"},"
	"\"target\":{\"type\":\"string\"}}},"
	"\"Service\":{\"type\":\"object\",\"required\":[\"id\",\"name\",\"kind\",\"status\",\"owner\","
	"\"support_group\",\"criticality\",\"description\",\"objectives\",\"depends_on\",\"cis\",\"annual_cost\","
	"\"cost_centre\",\"risk\",\"risk_notes\",\"availability_target\",\"sla_policy\",\"links\",\"created_at\","
	"\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"name\":{\"type\":\"string\"},\"kind\":{\"enum\":[\"business\",\"technical\"]},"
	"\"status\":{\"enum\":[\"pipeline\",\"live\",\"retired\"]},\"owner\":{\"type\":[\"string\",\"null\"]},"
	"\"support_group\":{\"type\":[\"string\",\"null\"]},\"criticality\":{\"type\":\"integer\"},"
	"\"description\":{\"type\":\"string\"},\"objectives\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
	"\"depends_on\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"cis\":{\"type\":\"array\","
	"\"items\":{\"type\":\"integer\"}},\"annual_cost\":{\"type\":[\"integer\",\"null\"]},"
	"\"cost_centre\":{\"type\":[\"string\",\"null\"]},\"risk\":{\"type\":[\"string\",\"null\"]},"
	"\"risk_notes\":{\"type\":\"string\"},\"availability_target\":{\"type\":[\"number\",\"null\"]},"
	"\"sla_policy\":{\"type\":[\"string\",\"null\"]},\"links\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\"}},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"ServiceInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"stri"
	"ng\"},\"kind\":{\"enum\":[\"business\",\"technical\"]},\"status\":{\"enum\":[\"pipeline\",\"live\","
	"\"retired\"]},\"owner\":{\"type\":[\"string\",\"null\"]},\"support_group\":{\"type\":[\"string\",\"null\"]},"
	"\"criticality\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":4},\"description\":{\"type\":\"string\"},"
	"\"objectives\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"depends_on\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\"}},\"cis\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
	"\"annual_cost\":{\"type\":\"integer\",\"minimum\":0},\"cost_centre\":{\"type\":[\"string\",\"null\"]},"
	"\"risk\":{\"enum\":[\"low\",\"medium\",\"high\",\"critical\",null]},\"risk_notes\":{\"type\":\"string\"},"
	"\"availability_target\":{\"type\":\"number\",\"minimum\":0,\"maximum\":100},"
	"\"sla_policy\":{\"type\":[\"string\",\"null\"]},\"links\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
	"\"format\":\"uri\"}}}},"
	"\"Availability\":{\"type\":\"object\",\"required\":[\"from\",\"to\",\"period_seconds\",\"downtime_seconds\","
	"\"availability\",\"target\",\"met\",\"failures\",\"mtrs_seconds\",\"mtbf_seconds\",\"mtbsi_seconds\","
	"\"outages\"],"
	"\"additionalProperties\":false,"
	"\"properties\":{\"service_hours\":{\"type\":[\"string\",\"null\"],\"description\":\"services, hours=agreed: "
	"the "
	"calendar of the agreed hours measured on (null: the service has none, all time counts)\"},"
	"\"maintenance_excluded\":{\"type\":\"boolean\",\"description\":\"services: planned maintenance left out "
	"(maintenance=exclude)\"},\"maintenance_seconds\":{\"type\":\"integer\",\"description\":\"services: seconds "
	"of the period left out as planned maintenance (and planned change outages)\"},"
	"\"planned_downtime_seconds\":{\"type\":\"integer\",\"description\":\"services, maintenance=exclude: "
	"seconds of outage inside planned maintenance or the approved window of a change expecting an outage "
	"(not counted as downtime)\"},\"planned_changes\":{\"type\":\"array\",\"description\":\"services, "
	"maintenance=exclude: the changes whose windows were left out\",\"items\":{\"type\":\"object\","
	"\"required\":[\"change\",\"start\",\"end\"],\"additionalProperties\":false,\"properties\":{"
	"\"change\":{\"type\":\"string\"},\"start\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"end\":{\"type\":\"string\",\"format\":\"date-time\"}}}},"
	"\"from\":{\"type\":\"string\",\"format\":\"date-time\"},\"to\":{\"type\":\"string\","
	"\"format\":\"date-time\"},\"period_seconds\":{\"type\":\"integer\"},\"downtime_seconds\":{\"type\":\"integer\""
	"},\"availability\":{\"type\":\"number\",\"description\":\"percent\"},\"target\":{\"type\":[\"number\","
	"\"null\"]},\"met\":{\"type\":\"boolean\"},\"failures\":{\"type\":\"integer\",\"description\":\"downtimes "
	"(overlapping outages once)\"},\"mtrs_seconds\":{\"type\":[\"integer\",\"null\"],\"description\":\"mean time "
	"to "
	"restore service\"},\"mtbf_seconds\":{\"type\":[\"integer\",\"null\"],\"description\":\"mean uptime between "
	"failures\"},\"mtbsi_seconds\":{\"type\":[\"integer\",\"null\"],\"description\":\"mean time between service "
	"incidents\"},\"outages\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
	"\"required\":[\"incident\",\"start\",\"end\",\"seconds\"],\"additionalProperties\":false,"
	"\"properties\":{\"incident\":{\"type\":\"string\"},\"start\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"end\":{\"type\":\"string\",\"format\":\"date-time\"},\"seconds\":{\"type\":\"integer\"}}}}}},"
	"\"TicketCounts\":{\"type\":\"object\",\"description\":\"Open tickets of a kind per queue. Agents and up get "
	"every ke"
	"y; end users get mine_requested only.\",\"required\":[\"mine_requested\"],\"additionalProperties\":false,"
	"\"properties\":{\"mine\":{\"type\":\"integer\"},\"my_groups\":{\"type\":\"integer\"},"
	"\"unassigned\":{\"type\":\"integer\"},\"major\":{\"type\":\"integer\"},"
	"\"breaching_soon\":{\"type\":\"integer\"},\"all_open\":{\"type\":\"integer\"},"
	"\"mine_requested\":{\"type\":\"integer\"}}},"
	"\"SlaFigures\":{\"type\":\"object\",\"required\":[\"met\",\"breached\",\"compliance\",\"breached_now\","
	"\"warning_now\"],\"additionalProperties\":false,\"properties\":{\"met\":{\"type\":\"integer\"},"
	"\"breached\":{\"type\":\"integer\"},\"compliance\":{\"type\":[\"number\",\"null\"],\"minimum\":0,"
	"\"maximum\":1},\"breached_now\":{\"type\":\"integer\"},\"warning_now\":{\"type\":\"integer\"}}},"
	"\"SlaReportRow\":{\"type\":\"object\",\"required\":[\"key\",\"metric\",\"met\",\"breached\",\"compliance\","
	"\"target_compliance\",\"rag\"],\"additionalProperties\":false,\"properties\":{\"period\":{\"type\":\"string\","
	"\"format\":\"date\",\"description\":\"trend rows: the first day of the period (the report's first day for "
	"a period that starts before "
	"it)\"},\"key\":{\"type\":[\"string\",\"null\"]},\"group\":{\"type\":\"string\",\"description\":"
	"\"by agreement, an OLA's rows: the group its clocks measured\"},\"metric\":{\"enum\":[\"response\","
	"\"resolution\",\"ola\"]},\"met\":{\"type\":\"integer\"},\"breached\":{\"type\":\"integer\"},\"compliance\":{"
	"\"type\":"
	"[\"number\",\"null\"],\"minimum\":0,\"maximum\":1},\"target_compliance\":{\"type\":[\"integer\",\"null\"],"
	"\"description\":\"by agreement: the agreement's target percentage\"},\"rag\":{\"enum\":[\"red\",\"amber\","
	"\"green\",null],\"description\":\"by agreement: compliance against its target (green) and amber "
	"threshold\"}}},"
	"\"SlaReport\":{\"type\":\"object\",\"required\":[\"kind\",\"from\",\"to\",\"tz\",\"by\",\"trend\",\"rows\","
	"\"periods\",\"breaches\",\"breaches_truncated\"],\"additionalProperties\":false,\"properties\":{\"kind\":{"
	"\"type\":\"string\"},\"from\":{\"type\":\"string\",\"format\":\"date\"},\"to\":{\"type\":\"string\","
	"\"format\":"
	"\"date\"},\"tz\":{\"type\":\"string\"},\"by\":{\"enum\":[\"policy\",\"service\",\"assignment_group\","
	"\"priority\",\"agreement\"]},\"trend\":{\"enum\":[\"day\",\"week\",\"month\",null]},"
	"\"rows\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/SlaReportRow\"}},"
	"\"periods\":{\"type\":[\"array\",\"null\"],\"items\":{\"$ref\":\"#/components/schemas/SlaReportRow\"},"
	"\"description\":\"with trend: the rows again per period, by period\"},"
	"\"breaches\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":["
	"\"number\",\"title\",\"metric\",\"policy\",\"priority\",\"assignment_group\",\"service\",\"target_seconds\","
	"\"elapsed_seconds\",\"breached_at\",\"stopped_at\",\"agreement\",\"breach_reason\"],"
	"\"additionalProperties\":false,\"properties\":{\"agreement\":{\"type\":[\"string\",\"null\"]},"
	"\"breach_reason\":{\"type\":[\"string\",\"null\"]},"
	"\"number\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},\"metric\":{\"enum\":[\"response\","
	"\"resolution\",\"ola\"]},\"policy\":{\"type\":\"string\"},\"priority\":{\"type\":\"integer\"},"
	"\"assignment_group\":{\"type\":[\"string\",\"null\"]},\"service\":{\"type\":[\"string\",\"null\"]},"
	"\"target_seconds\":{\"type\":\"integer\"},\"elapsed_seconds\":{\"type\":\"integer\"},"
	"\"breached_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"},\"stopped_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}}},\"breaches_truncated\":{\"type\":\"boolean\"}}},"
	"\"TicketBreakdown\":{\"type\":\"object\",\"required\":[\"kind\",\"from\",\"to\",\"tz\",\"group_by\","
	"\"interval\",\"total\",\"truncated\",\"rows\"],\"additionalProperties\":false,\"properties\":{"
	"\"kind\":{\"type\":\"string\"},\"from\":{\"type\":\"string\",\"format\":\"date\"},\"to\":{\"type\":\"string\","
	"\"format\":\"date\"},\"tz\":{\"type\":\"string\"},\"group_by\":{\"type\":[\"string\",\"null\"]},"
	"\"interval\":{\"enum\":[\"day\",\"week\",\"month\",null]},\"total\":{\"type\":\"integer\",\"description\":"
	"\"tickets counted\"},\"truncated\":{\"type\":\"boolean\",\"description\":\"more distinct rows than are "
	"kept\"},"
	"\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"period\",\"key\",\"count\","
	"\"open\",\"resolved\",\"reopened\",\"major\",\"mtta\",\"mttr\"],\"additionalProperties\":false,"
	"\"properties\":{\"period\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"the first day of "
	"the interval (of the period without one)\"},\"key\":{\"type\":[\"string\",\"null\"],\"description\":\"the "
	"field's value; null: none\"},\"count\":{\"type\":\"integer\"},\"open\":{\"type\":\"integer\"},"
	"\"resolved\":{\"type\":\"integer\"},\"reopened\":{\"type\":\"integer\"},\"major\":{\"type\":\"integer\"},"
	"\"mtta\":{\"type\":[\"integer\",\"null\"],\"description\":\"mean seconds to first response\"},"
	"\"mttr\":{\"type\":[\"integer\",\"null\"],\"description\":\"mean seconds to resolution\"}}}}}},"
	"\"TicketReport\":{\"type\":\"object\",\"required\":[\"from\",\"to\",\"tz\",\"open\",\"sla\",\"daily\","
	"\"oldest_open\",\"resolved\",\"mtta_seconds\",\"mttr_seconds\"],\"additionalProperties\":false,"
	"\"properties\":{\"changes\":{\"type\":\"object\",\"description\":\"changes only: closed in the period by "
	"close code and the share successful (with issues or not), raised in the period and the share that were "
	"emergencies\",\"required\":[\"closed\",\"by_close_code\",\"success_rate\",\"created\",\"emergency\","
	"\"emergency_share\"],\"additionalProperties\":false,\"properties\":{\"closed\":{\"type\":\"integer\"},"
	"\"by_close_code\":{\"type\":\"object\",\"required\":[\"successful\",\"successful_with_issues\","
	"\"failed\",\"backed_out\"],\"additionalProperties\":false,\"properties\":{\"successful\":{\"type\":"
	"\"integer\"},\"successful_with_issues\":{\"type\":\"integer\"},\"failed\":{\"type\":\"integer\"},"
	"\"backed_out\":{\"type\":\"integer\"}}},\"success_rate\":{\"type\":[\"number\",\"null\"]},"
	"\"created\":{\"type\":\"integer\"},\"emergency\":{\"type\":\"integer\"},\"emergency_share\":{"
	"\"type\":[\"number\",\"null\"]}}},\"from\":{\"type\":\"string\",\"format\":\"date\"},\"to\":{\"type\":"
	"\"string\","
	"\"format\":\"date\"},\"tz\":{\"type\":\"string\"},\"open\":{\"type\":\"object\",\"required\":[\"total\","
	"\"by_state\",\"by_priority\",\"by_group\"],\"additionalProperties\":false,"
	"\"properties\":{\"total\":{\"type\":\"integer\"},\"by_state\":{\"type\":\"object\","
	"\"additionalProperties\":{\"type\":\"integer\"}},\"by_priority\":{\"type\":\"object\","
	"\"additionalProperties\":{\"type\":\"integer\"}},\"by_group\":{\"type\":\"array\","
	"\"items\":{\"type\":\"object\",\"required\":[\"group\",\"count\"],\"additionalProperties\":false,"
	"\"properties\":{\"group\":{\"type\":[\"string\",\"null\"]},\"count\":{\"type\":\"integer\"}}}}}},"
	"\"sla\":{\"type\":\"object\",\"required\":[\"response\",\"resolution\"],\"additionalProperties\":false,"
	"\"properties\":{\"response\":{\"$ref\":\"#/components/schemas/SlaFigures\"},"
	"\"resolution\":{\"$ref\":\"#/components/schemas/SlaFigures\"}}},\"daily\":{\"type\":\"array\","
	"\"items\":{\"type\":\"object\",\"required\":[\"date\",\"created\",\"resolved\"],"
	"\"additionalProperties\":false,\"properties\":{\"date\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"created\":{\"type\":\"integer\"},\"resolved\":{\"type\":\"integer\"}}}},\"oldest_open\":{\"type\":\"array\","
	"\"items\":{\"type\":\"object\",\"required\":[\"number\",\"title\",\"state\",\"priority\",\"assignment_group\","
	"\"assignee\",\"created_at\"],\"additionalProperties\":false,\"properties\":{\"number\":{\"type\":\"string\"},"
	"\"title\":{\"type\":\"string\"},\"state\":{\"type\":\"string\"},\"priority\":{\"type\":\"integer\"},"
	"\"assignment_group\":{\"type\":[\"string\",\"null\"]},\"assignee\":{\"type\":[\"string\",\"null\"]},"
	"\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"}}}},\"resolved\":{\"type\":\"integer\"},"
	"\"mtta_seconds\":{\"type\":[\"integer\",\"null\"]},\"mttr_seconds\":{\"type\":[\"integer\",\"null\"]}}},"
	"\"ImportReport\":{\"type\":\"object\",\"required\":[\"rows\",\"created\",\"updated\",\"unchanged\",\"failed\","
	"\"atomic\",\"committed\",\"errors\",\"errors_truncated\",\"stopped\"],\"additionalProperties\":false,"
	"\"properties\":{\"rows\":{\"type\":\"integer\"},\"created\":{\"type\":\"integer\"},"
	"\"updated\":{\"type\":\"integer\"},\"unchanged\":{\"type\":\"integer\"},\"failed\":{\"type\":\"integer\"},"
	"\"atomic\":{\"type\":\"boolean\"},\"committed\":{\"type\":\"boolean\"},\"errors\":{\"type\":\"array\","
	"\"items\":{\"type\":\"object\",\"required\":[\"row\",\"field\",\"reason\"],\"additionalProperties\":false,"
	"\"properties\":{\"row\":{\"type\":\"integer\"},\"field\":{\"type\":[\"string\",\"null\"]},"
	"\"reason\":{\"type\":\"string\"}}}},\"errors_truncated\":{\"type\":\"boolean\"},"
	"\"stopped\":{\"type\":[\"string\",\"null\"],\"description\":\"why the import stopped before the end of the bod"
	"y (a malformed CSV, say), the rows before it kept; null when it read it all\"}}},"
	"\"MajorInput\":{\"type\":\"object\",\"required\":[\"reason\"],\"additionalProperties\":false,"
	"\"properties\":{\"reason\":{\"type\":\"string\"}}},"
	"\"ProblemIncidentsInput\":{\"type\":\"object\",\"required\":[\"incidents\"],\"additionalProperties\":false,"
	"\"properties\":{\"incidents\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":100,"
	"\"items\":{\"type\":\"string\"},\"description\":\"incident numbers, each linked to no problem yet\"}}},"
	"\"WorkaroundInput\":{\"type\":\"object\",\"additionalProperties\":false,"
	"\"properties\":{\"workaround\":{\"type\":\"string\",\"description\":\"a new workaround; without it the one"
	" recorded is published\"}}},"
	"\"ProblemCandidate\":{\"type\":\"object\",\"required\":[\"basis\",\"count\",\"ci\",\"ci_name\","
	"\"service\",\"category\",\"title_key\",\"first_at\",\"last_at\",\"incidents\"],"
	"\"additionalProperties\":false,\"properties\":{\"basis\":{\"enum\":[\"ci\",\"service_category\","
	"\"title\"]},\"count\":{\"type\":\"integer\"},\"ci\":{\"type\":[\"integer\",\"null\"]},"
	"\"ci_name\":{\"type\":[\"string\",\"null\"]},\"service\":{\"type\":[\"string\",\"null\"]},"
	"\"category\":{\"type\":[\"string\",\"null\"]},\"title_key\":{\"type\":[\"string\",\"null\"]},"
	"\"first_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"last_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"},\"incidents\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
	"\"description\":\"newest first, at most 50\"}}},"
	"\"CauseCategory\":{\"type\":\"object\",\"required\":[\"name\",\"label\",\"position\",\"active\","
	"\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":{\"type\":\"s"
	"tring\"},\"label\":{\"type\":\"string\"},\"position\":{\"type\":\"integer\"},\"active\":{\"type\":"
	"\"boolean\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},\"updated_at\":{\"type\":"
	"\"string\",\"format\":\"date-time\"}}},"
	"\"CauseCategoryInput\":{\"type\":\"object\",\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9_]{0,39}$\"},"
	"\"label\":{\"type\":\"string\"},\"position\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10000},"
	"\"active\":{\"type\":\"boolean\"}}},"
	"\"TicketEvent\":{\"type\":\"object\",\"description\":\"data of an event named ticket; its id is the stream's c"
	"ursor\",\"properties\":{\"ticket\":{\"type\":\"string\"},\"id\":{\"type\":\"integer\"},"
	"\"kind\":{\"type\":\"string\"},\"version\":{\"type\":\"integer\"},\"change\":{\"enum\":[\"created\","
	"\"updated\",\"commented\",\"state\"]},\"action\":{\"type\":\"string\"},\"state\":{\"type\":\"string\"},"
	"\"assignment_group\":{\"type\":[\"string\",\"null\"]},\"assignee\":{\"type\":[\"string\",\"null\"]},"
	"\"actor\":{\"type\":[\"string\",\"null\"]},\"at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"internal\":{\"type\":\"boolean\",\"description\":\"present (true) on a work note's event,"
	" which only agents get\"}},\"required\":[\"ticket\",\"id\",\"kind\",\"version\",\"change\",\"action\","
	"\"state\",\"assignment_group\",\"assignee\",\"actor\",\"at\"],\"additionalProperties\":false},"
	"\"EventReset\":{\"type\":\"object\",\"description\":\"data of an event named reset: the events after since are"
	" no longer kept (the oldest kept is oldest); reload, then go on from this event's id\","
	"\"required\":[\"since\",\"oldest\"],\"additionalProperties\":false,\"properties\":{\"since\":{\"type\":\"integ"
	"er\"},\"oldest\":{\"type\":\"integer\"}}},"
	"\"TicketEventStream\":{\"type\":\"array\",\"description\":\"The text/event-stream as the sequence of its event"
	"s (as OpenAPI 3.2 describes sequential media); lines starting with a colon (connected,"
	" ping) only keep the connection alive. An event's id is the cursor to resume from (Last-Event-ID or since).\","
	"\"items\":{\"oneOf\":[{\"type\":\"object\",\"required\":[\"event\",\"id\",\"data\"],"
	"\"additionalProperties\":false,\"properties\":{\"event\":{\"const\":\"ticket\"},\"id\":{\"type\":\"string\"},"
	"\"data\":{\"type\":\"string\",\"contentMediaType\":\"application/json\","
	"\"contentSchema\":{\"$ref\":\"#/components/schemas/TicketEvent\"}}}},{\"type\":\"object\","
	"\"required\":[\"event\",\"id\",\"data\"],\"additionalProperties\":false,"
	"\"properties\":{\"event\":{\"const\":\"reset\"},\"id\":{\"type\":\"string\"},\"retry\":{\"type\":\"integer\"},"
	"\"data\":{\"type\":\"string\",\"contentMediaType\":\"application/json\","
	"\"contentSchema\":{\"$ref\":\"#/components/schemas/EventReset\"}}}}]}},"
	"\"CustomField\":{\"type\":\"object\",\"required\":[\"kind\",\"name\",\"label\",\"type\",\"choices\","
	"\"category\",\"position\",\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,"
	"\"properties\":{\"kind\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"label\":{\"type\":\"string\"},"
	"\"type\":{\"enum\":[\"text\",\"number\",\"date\",\"choice\",\"user\",\"ci\"]},\"choices\":{\"type\":\"array\","
	"\"items\":{\"type\":\"string\"}},\"category\":{\"type\":[\"string\",\"null\"]},"
	"\"position\":{\"type\":\"integer\"},\"active\":{\"type\":\"boolean\"},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"},\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
	"\"CustomFieldInput\":{\"type\":\"object\",\"additionalProperties\":false,"
	"\"properties\":{\"kind\":{\"type\":\"string\"},\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9_]{0,"
	"39}$\"},\"label\":{\"type\":\"string\"},\"type\":{\"enum\":[\"text\",\"number\",\"date\",\"choice\",\"user\","
	"\"ci\"]},\"choices\":{\"type\":\"array\",\"maxItems\":100,\"items\":{\"type\":\"string\"}},"
	"\"category\":{\"type\":[\"string\",\"null\"]},\"position\":{\"type\":\"integer\",\"minimum\":0},"
	"\"active\":{\"type\":\"boolean\"}}},"
	"\"MandatoryField\":{\"type\":\"object\",\"required\":[\"id\",\"kind\",\"state\",\"field\",\"created_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{\"type\":\"string\"},"
	"\"state\":{\"type\":\"string\"},\"field\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\","
	"\"format\":\"date-time\"}}},"
	"\"MandatoryFieldInput\":{\"type\":\"object\",\"required\":[\"kind\",\"state\",\"field\"],"
	"\"additionalProperties\":false,\"properties\":{\"kind\":{\"type\":\"string\"},\"state\":{\"type\":\"string\"},"
	"\"field\":{\"type\":\"string\",\"description\":\"a ticket field (category, service,"
	" ...) or custom.<name>\"}}},"
	"\"PriorityMatrix\":{\"type\":\"object\",\"required\":[\"matrix\"],\"additionalProperties\":false,"
	"\"properties\":{\"matrix\":{\"type\":\"array\",\"minItems\":3,\"maxItems\":3,\"items\":{\"type\":\"array\","
	"\"minItems\":3,\"maxItems\":3,\"items\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":5}}}}}";

/* ---- the operations, from the route table -------------------------------- */

/* The problem answers (application/problem+json, the Problem schema) an
 * operation may declare, as components.responses, with the problem types
 * behind each (docs/api.md). */
static const struct {
	int status;
	const char *name;
	const char *description;
} problem_responses[] = {
	{400, "BadRequest",
	 "bad-request: the URL is over 4096 bytes (any route); the body is not the well-formed JSON the route takes; a "
	 "query parameter or header is wrong (errors[] names each)"},
	{401, "Unauthorized",
	 "unauthenticated: no valid session or token; invalid-credentials: a wrong login or password"},
	{403, "Forbidden",
	 "forbidden: the caller's role does not allow it; csrf: a cookie-authenticated write without a valid "
	 "X-CSRF-Token"},
	{404, "NotFound", "not-found: no such resource, or one the caller may not see"},
	{409, "Conflict",
	 "duplicate: a unique value is taken; illegal-transition: not allowed in the current state (allowed[] lists "
	 "what is); no-change; reopen-window: the requester's time to reopen has passed; archived: the ticket can no "
	 "longer change; limit: a kind has as many custom fields as it may; self-lockout: an admin may not disable or "
	 "demote themselves; not-published: a knowledge article is rated or deflected before it is published"},
	{412, "PreconditionFailed", "stale-version: If-Match names an old version (current_version is the stored one)"},
	{413, "ContentTooLarge", "too-large: the body is over the route's limit"},
	{415, "UnsupportedMediaType", "unsupported-media-type: the body is not of a media type the route takes"},
	{422, "UnprocessableContent",
	 "validation: errors[] lists every bad field with its JSON path; reference: a named record does not exist"},
	{428, "PreconditionRequired", "precondition-required: the route needs If-Match"},
	{429, "TooManyRequests", "throttled: too many failed logins; Retry-After says when to try again"},
};
#define PROBLEM_RESPONSES (sizeof(problem_responses) / sizeof(problem_responses[0]))

/* Is status in a comma-separated list such as "401,429"? */
static bool listed(const char *list, int status)
{
	char s[8];
	int n = snprintf(s, sizeof(s), "%d", status);
	for (const char *p = list; p && *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] ? 1 : 0))
		if (strncmp(p, s, (size_t)n) == 0 && (p[n] == ',' || p[n] == 0))
			return true;
	return false;
}

/* May the route answer status?  What its columns imply, through the
 * checks of http/ (authentication, CSRF, role, body limit and media type)
 * and of api/ (the body's JSON, the query, If-Match, path parameters
 * naming a record), plus its problems column.  docs/api.md states the same
 * rules for readers of the document. */
static bool answers(const struct route *rt, int status)
{
	bool body = rt->body_max > 0, json_body = body && strcmp(rt->media, "*") != 0;
	bool user = rt->auth == ROUTE_USER, write = strcmp(rt->method, "GET") != 0;
	bool if_match = rt->if_match != ROUTE_NO_IF_MATCH;
	bool implied = false;
	switch (status) {
	/* a URL over LIMIT_URL_LEN (any route); malformed JSON; a bad query parameter or If-Match */
	case 400: implied = true; break;
	/* no session or token */
	case 401: implied = user; break;
	/* the role gate; CSRF on a write */
	case 403: implied = user && (rt->min_role > ROLE_END_USER || write); break;
	/* a path parameter names a record (or a ticket the caller may not see) */
	case 404: implied = strchr(rt->pattern, '{') != NULL; break;
	/* a unique value taken, an illegal transition, nothing to change */
	case 409: implied = user && write && (json_body || if_match); break;
	/* a stale If-Match */
	case 412: implied = if_match; break;
	case 413: implied = body; break;
	case 415: implied = json_body; break;
	/* a body's fields, or the records it names */
	case 422: implied = body; break;
	case 428: implied = rt->if_match == ROUTE_IF_MATCH_REQUIRED; break;
	default: break;
	}
	return implied || listed(rt->problems, status);
}

/*
 * The operationId of a route: the method in lower case, then each segment
 * of the path after /api/v1 with its first letter capitalised and its
 * '-', '.' and '_' dropped the same way, a parameter as By<Name> ("/" alone:
 * Root).  GET /api/v1/incidents/{number}/comments is
 * getIncidentsByNumberComments, GET /app/{file} getAppByFile.  Unique
 * because method and path are (the linter in make check holds that), and
 * stable while the path is.
 */
static void operation_id(const struct route *rt, char *out, size_t max)
{
	size_t n = 0;
	for (const char *m = rt->method; *m && n + 1 < max; m++)
		out[n++] = (char)(*m | 0x20);
	const char *p = rt->pattern;
	if (strncmp(p, "/api/v1/", 8) == 0)
		p += 7;
	if (strcmp(p, "/") == 0)
		p = "Root";
	bool upper = true;
	for (; *p && n + 3 < max; p++) {
		if (*p == '/' || *p == '-' || *p == '.' || *p == '_' || *p == '}') {
			upper = true;
		} else if (*p == '{') {
			out[n++] = 'B';
			out[n++] = 'y';
			upper = true;
		} else {
			out[n++] = upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
			upper = false;
		}
	}
	/* an HTML page is not the API resource of its name (GET /status, GET /api/v1/status) */
	if (rt->response_schema && strcmp(rt->response_schema, "html") == 0 && n + 5 < max) {
		memcpy(out + n, "Page", 4);
		n += 4;
	}
	out[n] = 0;
}

static void param(struct jsonw *w, const char *name, const char *in, bool required)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", name);
	jsonw_kstr(w, "in", in);
	jsonw_kbool(w, "required", required);
	jsonw_key(w, "schema");
	jsonw_raw(w, "{\"type\":\"string\"}");
	jsonw_obj_close(w);
}

static const char string_schema[] = "{\"schema\":{\"type\":\"string\"}}";
static const char binary_schema[] = "{\"schema\":{\"type\":\"string\",\"format\":\"binary\"}}";
/* rows of an import or export: an object per CSV row, its columns by name */
static const char rows_schema[] =
	"{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":{\"type\":"
	"[\"string\",\"number\",\"boolean\",\"null\",\"array\"],\"items\":{\"type\":\"string\"}}}}}";

/* The members of a content map: the media types of a body named as in
 * struct route's request_schema and response_schema, with their schemas. */
static void content(struct jsonw *w, const char *body)
{
	char schema[256];
	const char *json = NULL;
	if (strncmp(body, "list:", 5) == 0) {
		snprintf(schema, sizeof(schema),
			 "{\"schema\":{\"type\":\"object\",\"required\":[\"items\",\"next_cursor\"],"
			 "\"additionalProperties\":false,\"properties\":{\"items\":{\"type\":\"array\",\"items\":"
			 "{\"$ref\":\"#/components/schemas/%s\"}},\"next_cursor\":{\"type\":[\"string\",\"null\"]}}}}",
			 body + 5);
		json = schema;
	} else if (strcmp(body, "html") == 0) {
		jsonw_key(w, "text/html");
		jsonw_raw(w, string_schema);
	} else if (strcmp(body, "asset") == 0) {
		jsonw_key(w, "text/javascript");
		jsonw_raw(w, string_schema);
		jsonw_key(w, "text/css");
		jsonw_raw(w, string_schema);
	} else if (strcmp(body, "ical") == 0) { /* an iCalendar feed */
		jsonw_key(w, "text/calendar");
		jsonw_raw(w, string_schema);
	} else if (strcmp(body, "atom") == 0) { /* an Atom feed (RFC 4287) */
		jsonw_key(w, "application/atom+xml");
		jsonw_raw(w, string_schema);
	} else if (strcmp(body, "metrics") == 0) { /* the Prometheus text format */
		jsonw_key(w, "text/plain");
		jsonw_raw(w, string_schema);
	} else if (strcmp(body, "openapi") == 0) {
		json = "{\"schema\":{\"type\":\"object\",\"required\":[\"openapi\",\"info\",\"paths\"],"
		       "\"additionalProperties\":true}}";
	} else if (strcmp(body, "file") == 0) { /* an attachment goes out in the media type it came in */
		jsonw_key(w, "*/*");
		jsonw_raw(w, binary_schema);
	} else if (strcmp(body, "import") == 0 || strcmp(body, "export") == 0) {
		jsonw_key(w, "text/csv");
		jsonw_raw(w, string_schema);
		json = rows_schema;
	} else if (strcmp(body, "form") == 0) { /* a browser's form post (the survey pages' comment) */
		jsonw_key(w, "application/x-www-form-urlencoded");
		jsonw_raw(w,
			  "{\"schema\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"comment\"],"
			  "\"properties\":{\"comment\":{\"type\":\"string\"}}}}");
	} else if (strcmp(body, "events") == 0) {
		jsonw_key(w, "text/event-stream");
		jsonw_raw(w, "{\"schema\":{\"$ref\":\"#/components/schemas/TicketEventStream\"}}");
	} else {
		snprintf(schema, sizeof(schema), "{\"schema\":{\"$ref\":\"#/components/schemas/%s\"}}", body);
		json = schema;
	}
	if (json) {
		jsonw_key(w, "application/json");
		jsonw_raw(w, json);
	}
}

/* A refusal answered as a page (and, when problem, as problem+json by the
 * transport's checks). */
static void page_response(struct jsonw *w, const char *description, bool problem)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "description", description);
	jsonw_key(w, "content");
	jsonw_obj_open(w);
	jsonw_key(w, "text/html");
	jsonw_raw(w, string_schema);
	if (problem) {
		jsonw_key(w, "application/problem+json");
		jsonw_raw(w, "{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}");
	}
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void operation(struct jsonw *w, const struct route *rt)
{
	char lower[8], id[160];
	size_t i;
	for (i = 0; rt->method[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)(rt->method[i] | 0x20);
	lower[i] = 0;
	jsonw_key(w, lower);
	jsonw_obj_open(w);
	operation_id(rt, id, sizeof(id));
	jsonw_kstr(w, "operationId", id);
	jsonw_kstr(w, "summary", rt->summary);
	jsonw_key(w, "tags");
	jsonw_arr_open(w);
	jsonw_str(w, rt->tag);
	jsonw_arr_close(w);
	if (rt->auth == ROUTE_PUBLIC) {
		jsonw_key(w, "security");
		jsonw_raw(w, rt->own_token ? "[{\"bearer\":[]}]" : "[]");
	} else {
		jsonw_kstr(w, "x-min-role", role_name(rt->min_role));
	}
	jsonw_key(w, "parameters");
	jsonw_arr_open(w);
	for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		char name[32];
		snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1), p + 1);
		param(w, name, "path", true);
	}
	if (rt->query) {
		const char *q = rt->query;
		while (*q) {
			const char *e = strchr(q, ',');
			size_t n = e ? (size_t)(e - q) : strlen(q);
			char name[32];
			snprintf(name, sizeof(name), "%.*s", (int)n, q);
			param(w, name, "query", false);
			q += n + (e ? 1 : 0);
		}
	}
	if (rt->if_match != ROUTE_NO_IF_MATCH)
		param(w, "If-Match", "header", rt->if_match == ROUTE_IF_MATCH_REQUIRED);
	if (rt->response_schema && strcmp(rt->response_schema, "events") == 0)
		param(w, "Last-Event-ID", "header", false);
	bool async = rt->response_schema && strcmp(rt->response_schema, "AlertIngestResult") == 0;
	if (async) /* RFC 7240: "respond-async" selects the answer 202 below */
		param(w, "Prefer", "header", false);
	jsonw_arr_close(w);
	if (rt->request_schema) {
		jsonw_key(w, "requestBody");
		jsonw_obj_open(w);
		jsonw_kbool(w, "required", strcmp(rt->request_schema, "ActionInput") != 0);
		jsonw_key(w, "content");
		jsonw_obj_open(w);
		content(w, rt->request_schema);
		jsonw_obj_close(w);
		jsonw_obj_close(w);
	}
	jsonw_key(w, "responses");
	jsonw_obj_open(w);
	char status[8];
	snprintf(status, sizeof(status), "%d", rt->status);
	jsonw_key(w, status);
	jsonw_obj_open(w);
	jsonw_kstr(w, "description",
		   rt->status == 201   ? "Created"
		   : rt->status == 202 ? "Accepted"
		   : rt->status == 204 ? "No Content"
				       : "OK");
	if (rt->response_schema) {
		jsonw_key(w, "content");
		jsonw_obj_open(w);
		content(w, rt->response_schema);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
	/* the event API processes before the answer, or, asked to, accepts:
	 * committed unprocessed, processed after (docs/events.md) */
	if (async) {
		jsonw_key(w, "202");
		jsonw_raw(w, "{\"description\":\"Accepted (Prefer: respond-async): committed, processed after\","
			     "\"headers\":{\"Preference-Applied\":{\"schema\":{\"const\":\"respond-async\"}}},"
			     "\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/"
			     "AlertAccepted\"}}}}");
	}
	/* a page (the survey links') answers the refusals its handler knows as
	 * pages too; transport's refusals stay problem+json */
	bool page = rt->response_schema && strcmp(rt->response_schema, "html") == 0;
	for (size_t p = 0; p < PROBLEM_RESPONSES; p++) {
		if (!answers(rt, problem_responses[p].status))
			continue;
		char ref[96];
		snprintf(status, sizeof(status), "%d", problem_responses[p].status);
		jsonw_key(w, status);
		if (page && listed(rt->problems, problem_responses[p].status)) {
			page_response(w, problem_responses[p].description, true);
			continue;
		}
		snprintf(ref, sizeof(ref), "{\"$ref\":\"#/components/responses/%s\"}", problem_responses[p].name);
		jsonw_raw(w, ref);
	}
	if (page && listed(rt->problems, 410)) {
		jsonw_key(w, "410");
		page_response(w, "a page saying that the link has expired", false);
	}
	if (rt->login_redirect) {
		jsonw_key(w, "303");
		jsonw_raw(w, "{\"description\":\"See Other: no session; the web UI's login, which comes back to this "
			     "address\",\"headers\":{\"Location\":{\"schema\":{\"type\":\"string\"}}}}");
	}
	/* the health check's 503 (the database is down) has its own body */
	if (rt->response_schema && strcmp(rt->response_schema, "Health") == 0) {
		jsonw_key(w, "503");
		jsonw_raw(
			w,
			"{\"description\":\"Service Unavailable: the database does not answer\","
			"\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Health\"}}}}");
	}
	jsonw_key(w, "default");
	jsonw_raw(w, "{\"$ref\":\"#/components/responses/Problem\"}");
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void problem_response(struct jsonw *w, const char *name, const char *description)
{
	jsonw_key(w, name);
	jsonw_obj_open(w);
	jsonw_kstr(w, "description", description);
	jsonw_key(w, "content");
	jsonw_raw(w, "{\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}}");
	jsonw_obj_close(w);
}

enum sw_err openapi_render(struct buf *out, const struct app *app)
{
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "openapi", "3.1.0");
	jsonw_key(&w, "info");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "title", "Steward API");
	jsonw_kstr(&w, "version", app->version);
	jsonw_kstr(&w, "description", "IT service management. See docs/api.md for conventions.");
	jsonw_obj_close(&w);
	/* the server that serves this document (OpenAPI's default, written out) */
	jsonw_key(&w, "servers");
	jsonw_raw(&w, "[{\"url\":\"/\",\"description\":\"this server\"}]");
	jsonw_key(&w, "security");
	jsonw_raw(&w, "[{\"bearer\":[]},{\"session\":[]}]");
	jsonw_key(&w, "paths");
	jsonw_obj_open(&w);
	size_t n = app->ops->routes.count;
	const struct route *api_routes = app->ops->routes.routes;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			seen = seen || strcmp(api_routes[j].pattern, api_routes[i].pattern) == 0;
		if (seen)
			continue;
		jsonw_key(&w, api_routes[i].pattern);
		jsonw_obj_open(&w);
		for (size_t j = i; j < n; j++)
			if (strcmp(api_routes[j].pattern, api_routes[i].pattern) == 0)
				operation(&w, &api_routes[j]);
		jsonw_obj_close(&w);
	}
	jsonw_obj_close(&w);
	jsonw_key(&w, "components");
	jsonw_obj_open(&w);
	jsonw_key(&w, "securitySchemes");
	jsonw_raw(&w, security_schemes);
	jsonw_key(&w, "responses");
	jsonw_obj_open(&w);
	for (size_t p = 0; p < PROBLEM_RESPONSES; p++)
		problem_response(&w, problem_responses[p].name, problem_responses[p].description);
	problem_response(&w, "Problem", "a failure of the server (500) or storage contention, retry later (503 busy)");
	jsonw_obj_close(&w);
	jsonw_key(&w, "schemas");
	jsonw_obj_open(&w);
	jsonw_raw(&w, schemas);
	app->ops->openapi_schemas(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	return w.err;
}
