build-fuzz/src/http/metrics.o: src/http/metrics.c src/http/http.h \
  src/base/arena.h src/base/buf.h src/base/err.h src/core/core.h \
  src/db/db.h src/store/store.h src/core/store_port.h src/core/model.h \
  src/base/banned.h

src/http/http.h:

src/base/arena.h:

src/base/buf.h:

src/base/err.h:

src/core/core.h:

src/db/db.h:

src/store/store.h:

src/core/store_port.h:

src/core/model.h:

src/base/banned.h:
