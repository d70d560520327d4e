build-fuzz/src/http/server.o: src/http/server.c src/base/limits.h \
  src/base/log.h src/base/util.h src/base/err.h src/core/auth.h \
  src/core/model.h src/core/core.h src/base/arena.h src/http/http.h \
  src/base/buf.h src/db/db.h src/store/store.h src/core/store_port.h \
  src/base/banned.h

src/base/limits.h:

src/base/log.h:

src/base/util.h:

src/base/err.h:

src/core/auth.h:

src/core/model.h:

src/core/core.h:

src/base/arena.h:

src/http/http.h:

src/base/buf.h:

src/db/db.h:

src/store/store.h:

src/core/store_port.h:

src/base/banned.h:
