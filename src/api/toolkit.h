/*
 * toolkit.h — the JSON side of toolkits (core/toolkit/toolkit.h): the
 * bundle reader (a parser of outside input: fuzzed by
 * tests/fuzz/fuzz_toolkit.c), the sections of every record type a bundle
 * holds, the export of the installation's configuration as a bundle, the
 * built-in toolkits, and the report of an apply as JSON.  Used by the
 * API (api_toolkit.c) and the CLI (cli/cmd_toolkit.c), which hands it a
 * struct req of its own (arena, ctx and body).
 *
 * Adding a section (a record type a bundle may hold) is one line of the
 * table in toolkit.c: TOOLKIT_SECTION(name, its struct api_record, its
 * record struct, list hook or NULL) — the record's field table validates
 * (through its API schema and its record kind's validate), the key
 * matches it (port/toolkit.h), record_create and record_update apply it
 * and its answer's members, cut to its input's fields, export it.  A
 * resource served by calls rather than a record kind (struct api_calls)
 * is a line too.  See docs/toolkit.md.
 */
#ifndef SW_API_TOOLKIT_H
#define SW_API_TOOLKIT_H

#include <jansson.h>

#include "api/api.h"
#include "core/toolkit/toolkit.h"

/* The format a bundle names in its "format" member. */
#define TOOLKIT_FORMAT "steward-toolkit/1"

/* r->body (a bundle's JSON text) decoded into out, its strings and input
 * structs in r's arena: SW_ETOOLARGE past LIMIT_TOOLKIT_BYTES, SW_EBADREQ
 * for text that is not a JSON object (invalid UTF-8, a NUL, a duplicate
 * member), SW_EINVALID with a field error per problem (an unknown member
 * or section, a bad key or version, each field an item's schema refuses,
 * "sections.<section>[i].<field>"). */
enum sw_err api_toolkit_read(struct req *r, struct toolkit_bundle *out, struct sw_error *err);

/* The built-in toolkit name names (its JSON text), or NULL. */
const struct embedded_file *api_toolkit_builtin(const char *name);
/* The i-th built-in toolkit's name, title, description, version and item
 * count as a JSON object (the TookitSummary component); NULL past the last. */
json_t *api_toolkit_summary(struct req *r, size_t i);

/* The installation's configuration as a bundle named name: every record
 * of every section, as its input takes it, keyed by the item that made it
 * (else "<section>.<name>"), the version applied (else 1). */
enum sw_err api_toolkit_export(struct req *r, const char *name, json_t **out, struct sw_error *err);

/* A report as JSON (the ToolkitReport component). */
json_t *api_toolkit_report_json(const struct toolkit_report *rep);

/* The Toolkit (the bundle, as a JSON Schema), ToolkitSummary and
 * ToolkitReport components of the OpenAPI document. */
void api_openapi_toolkit_schemas(struct jsonw *w);

#endif
