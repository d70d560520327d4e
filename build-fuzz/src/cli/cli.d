build-fuzz/src/cli/cli.o: src/cli/cli.c src/base/log.h src/base/util.h \
  src/base/err.h src/cli/cli.h src/base/arena.h src/core/core.h \
  src/db/db.h src/store/store.h src/core/store_port.h src/core/model.h \
  src/store/catalog.h src/base/banned.h

src/base/log.h:

src/base/util.h:

src/base/err.h:

src/cli/cli.h:

src/base/arena.h:

src/core/core.h:

src/db/db.h:

src/store/store.h:

src/core/store_port.h:

src/core/model.h:

src/store/catalog.h:

src/base/banned.h:
