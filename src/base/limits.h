/*
 * limits.h — every size and count limit of Steward in one place.
 * Transport limits are checked as bytes arrive; field limits by api/.
 */
#ifndef SW_BASE_LIMITS_H
#define SW_BASE_LIMITS_H

#define LIMIT_BODY_JSON (256 * 1024)             /* bytes of a JSON request body */
#define LIMIT_TOOLKIT_BYTES (8 * 1024 * 1024)    /* bytes of a toolkit bundle (file or body) */
#define LIMIT_BODY_ATTACHMENT (10 * 1024 * 1024) /* bytes of one attachment upload */
/* A body over its route's limit by less than this, sent without waiting
 * for 100 Continue, is read and thrown away before the 413, so that the
 * client (browsers, fetch) is not cut off mid-send and can read it; past
 * this, or when the client waits for 100 Continue, the 413 comes at once
 * and the connection closes (http/server.c). */
#define LIMIT_BODY_DISCARD (16 * 1024 * 1024)
#define LIMIT_JSON_DEPTH 16
#define LIMIT_SECRET_MAX 64    /* bytes of a token, session or CSRF string, NUL included */
#define LIMIT_CONNECTIONS 4000 /* open HTTP connections per server */
#define LIMIT_IDLE_S 60        /* a connection on which nothing moves this long is closed */
#define LIMIT_URL_LEN 4096
#define LIMIT_HEADER_LEN 8192
#define LIMIT_ARENA (64 * 1024 * 1024)
/* the configuration snapshot's memory (core/kernel/cfgsnap.c) */
#define LIMIT_CFGSNAP_BYTES (64 * 1024 * 1024)
#define LIMIT_RESPONSE (64 * 1024 * 1024)
#define LIMIT_PAGE_DEFAULT 50
#define LIMIT_PAGE_MAX 200
#define LIMIT_CURSOR_LEN 256
#define LIMIT_SEARCH_LEN 200  /* bytes of a list's text= search */
#define LIMIT_SEARCH_WORDS 16 /* words in one search */
/* memory for one search's set of matching ids (base/idset.h): a bitmap
 * this size covers 134 M ticket ids; past it a search gathers its matches
 * in SQL instead */
#define LIMIT_SEARCH_SET_BYTES (16 * 1024 * 1024)

#define LIMIT_LOGIN_LEN 64
#define LIMIT_NAME_LEN 200
#define LIMIT_EMAIL_LEN 254
#define LIMIT_PASSWORD_MIN 8
#define LIMIT_PASSWORD_LEN 1024
#define LIMIT_TZ_LEN 64
#define LIMIT_TITLE_LEN 300          /* characters */
#define LIMIT_DESCRIPTION_LEN 100000 /* characters */
#define LIMIT_COMMENT_LEN 100000     /* characters */
#define LIMIT_CATEGORY_LEN 100
#define LIMIT_REASON_LEN 2000
#define LIMIT_FILENAME_LEN 255
#define LIMIT_WATCHERS 100
#define LIMIT_PROBLEM_INCIDENTS 100 /* incidents one request links to a problem */
#define LIMIT_PROBLEM_CIS 100       /* CIs a problem names as affected, and as contributing */
#define LIMIT_GROUP_MEMBERS 1000

#define LIMIT_LOGIN_FAILURES 5 /* failures per login and address within the window before 429 */
#define LIMIT_LOGIN_WINDOW_S 300
#define LIMIT_LOGIN_DELAY_S 30 /* the first wait past the failures, doubled by each further attempt */

#define SESSION_TTL_S (12 * 3600) /* a session's lifetime (session_lifetime) */
#define SESSION_IDLE_S 3600       /* ... and how long it lives unused (session_idle_timeout) */

/* GET /api/v1/events */
#define LIMIT_EVENT_BACKLOG 1024        /* recent events kept for clients that resume */
#define LIMIT_EVENT_BUFFER (256 * 1024) /* bytes waiting for one stream before it is ended */
#define LIMIT_EVENT_STREAM_S 300        /* a stream then ends; the client reconnects and authenticates again */

#endif
