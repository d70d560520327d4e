build-fuzz/src/api/routes.o: src/api/routes.c src/api/api.h \
  src/core/model.h src/core/core.h src/base/arena.h src/base/err.h \
  src/http/http.h src/base/buf.h src/db/db.h src/store/store.h \
  src/core/store_port.h src/api/handlers.h src/base/limits.h \
  src/base/banned.h

src/api/api.h:

src/core/model.h:

src/core/core.h:

src/base/arena.h:

src/base/err.h:

src/http/http.h:

src/base/buf.h:

src/db/db.h:

src/store/store.h:

src/core/store_port.h:

src/api/handlers.h:

src/base/limits.h:

src/base/banned.h:
