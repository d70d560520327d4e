/*
 * dlist.h — doubly linked lists threaded through their elements: each
 * element has prev and next pointers to its own type, the list is a
 * pointer to the first.  DLIST_PUSH puts an element first, DLIST_UNLINK
 * takes one out wherever it is; both in constant time.  Walk with
 * for (e = head; e; e = e->next).  No locking here: a list is guarded by
 * its owner's lock (the connection lists of http/).
 */
#ifndef SW_BASE_DLIST_H
#define SW_BASE_DLIST_H

#define DLIST_PUSH(head, e)                                                                                            \
	do {                                                                                                           \
		(e)->prev = NULL;                                                                                      \
		(e)->next = (head);                                                                                    \
		if (head)                                                                                              \
			(head)->prev = (e);                                                                            \
		(head) = (e);                                                                                          \
	} while (0)

#define DLIST_UNLINK(head, e)                                                                                          \
	do {                                                                                                           \
		if ((e)->prev)                                                                                         \
			(e)->prev->next = (e)->next;                                                                   \
		else                                                                                                   \
			(head) = (e)->next;                                                                            \
		if ((e)->next)                                                                                         \
			(e)->next->prev = (e)->prev;                                                                   \
	} while (0)

#endif
