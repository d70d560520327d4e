/*
 * oas.h — JSON Schema fragments the hand-written OpenAPI components of
 * api/ share (api_knowledge.c, api_schedule.c): string, nullable string,
 * array of strings, date-time, nullable date-time, integer, boolean.
 * Include it only in a file that writes components, after its other
 * includes (the names are short).
 */
#ifndef SW_API_OAS_H
#define SW_API_OAS_H

#define STR "{\"type\":\"string\"}"
#define STR_NULL "{\"type\":[\"string\",\"null\"]}"
#define STRS "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"
#define TIME "{\"type\":\"string\",\"format\":\"date-time\"}"
#define TIME_NULL "{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}"
#define INT "{\"type\":\"integer\"}"
#define BOOL "{\"type\":\"boolean\"}"

#endif
