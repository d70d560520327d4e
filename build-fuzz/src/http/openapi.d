build-fuzz/src/http/openapi.o: src/http/openapi.c src/base/jsonw.h \
  src/base/buf.h src/base/err.h src/http/http.h src/base/arena.h \
  src/core/core.h src/db/db.h src/store/store.h src/core/store_port.h \
  src/core/model.h src/base/banned.h

src/base/jsonw.h:

src/base/buf.h:

src/base/err.h:

src/http/http.h:

src/base/arena.h:

src/core/core.h:

src/db/db.h:

src/store/store.h:

src/core/store_port.h:

src/core/model.h:

src/base/banned.h:
