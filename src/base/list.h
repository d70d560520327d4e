/*
 * list.h — LIST_OF(list, item): the struct of a list of records as the
 * store hands it back (an array and its length), declared in one line:
 * LIST_OF(sla_policy_list, sla_policy); is
 * struct sla_policy_list { struct sla_policy *items; size_t count; };
 */
#ifndef SW_BASE_LIST_H
#define SW_BASE_LIST_H

#include <stddef.h>

#define LIST_OF(list_, item_)                                                                                          \
	struct list_ {                                                                                                 \
		struct item_ *items;                                                                                   \
		size_t count;                                                                                          \
	}

#endif
