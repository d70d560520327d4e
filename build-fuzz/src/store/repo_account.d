build-fuzz/src/store/repo_account.o: src/store/repo_account.c \
  src/base/limits.h src/store/store_int.h src/base/arena.h src/db/db.h \
  src/base/err.h src/store/catalog.h src/store/store.h \
  src/core/store_port.h src/core/model.h src/core/core.h \
  src/base/banned.h

src/base/limits.h:

src/store/store_int.h:

src/base/arena.h:

src/db/db.h:

src/base/err.h:

src/store/catalog.h:

src/store/store.h:

src/core/store_port.h:

src/core/model.h:

src/core/core.h:

src/base/banned.h:
