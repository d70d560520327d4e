/*
 * api_catalog.h — the service catalogue's resources (api_catalog.c): the
 * catalogue items' record resource, the handlers of their own routes, the
 * input schemas, and the decoders of form definitions and submissions
 * (also what fuzz_form feeds).
 */
#ifndef SW_API_CATALOG_H
#define SW_API_CATALOG_H

#include <jansson.h>

#include "api/api.h"
#include "core/catalog/form.h"

extern const struct api_record api_catalog_items;
extern const struct api_schema api_schema_catalog_item, api_schema_catalog_plan, api_schema_catalog_check,
	api_schema_catalog_order;

enum sw_err api_catalog_plan(struct req *r, struct sw_error *err);
enum sw_err api_catalog_form(struct req *r, struct sw_error *err);
enum sw_err api_catalog_check(struct req *r, struct sw_error *err);
enum sw_err api_catalog_order(struct req *r, struct sw_error *err);
enum sw_err api_request_order(struct req *r, struct sw_error *err);
enum sw_err api_task_work(struct req *r, struct sw_error *err);

/* A form definition (a JSON array of variables) decoded into the arena,
 * field errors at "variables[i].<member>"; NULL with err set when it is
 * not one. */
struct form_var *api_catalog_variables(struct req *r, json_t *arr, size_t *count, struct sw_error *err);
/* A submission (a JSON object of values by variable name) decoded as the
 * client sent it, errors at "variables.<name>"; NULL with err set. */
struct form_value *api_catalog_values(struct req *r, json_t *obj, size_t *count, struct sw_error *err);

/* An item's fulfilment plan as CatalogPlanInput takes it ({"tasks": [...]}),
 * for the toolkits' fulfilment_plans section; NULL when out of memory. */
json_t *api_catalog_plan_json(const void *rec);

/* The OpenAPI components of the catalogue. */
void api_openapi_catalog_schemas(struct jsonw *w);

#endif
