build-fuzz/src/core/audit.o: src/core/audit.c src/core/core_int.h \
  src/base/buf.h src/base/err.h src/base/jsonw.h src/core/model.h \
  src/core/core.h src/base/arena.h src/core/store_port.h \
  src/base/banned.h

src/core/core_int.h:

src/base/buf.h:

src/base/err.h:

src/base/jsonw.h:

src/core/model.h:

src/core/core.h:

src/base/arena.h:

src/core/store_port.h:

src/base/banned.h:
