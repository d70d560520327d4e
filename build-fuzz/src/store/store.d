build-fuzz/src/store/store.o: src/store/store.c src/base/embed.h \
  src/base/util.h src/base/err.h src/store/store_int.h src/base/arena.h \
  src/db/db.h src/store/catalog.h src/store/store.h \
  src/core/store_port.h src/core/model.h src/core/core.h \
  src/base/banned.h

src/base/embed.h:

src/base/util.h:

src/base/err.h:

src/store/store_int.h:

src/base/arena.h:

src/db/db.h:

src/store/catalog.h:

src/store/store.h:

src/core/store_port.h:

src/core/model.h:

src/core/core.h:

src/base/banned.h:
