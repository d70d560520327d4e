build-fuzz/src/cli/cmd_serve.o: src/cli/cmd_serve.c src/base/log.h \
  src/base/util.h src/base/err.h src/cli/cli.h src/base/arena.h \
  src/core/core.h src/db/db.h src/store/store.h src/core/store_port.h \
  src/core/model.h src/http/http.h src/base/buf.h src/base/banned.h

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

src/http/http.h:

src/base/buf.h:

src/base/banned.h:
