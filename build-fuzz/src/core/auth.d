build-fuzz/src/core/auth.o: src/core/auth.c src/base/util.h \
  src/base/err.h src/core/auth.h src/core/model.h src/core/core.h \
  src/base/arena.h src/core/core_int.h src/base/buf.h src/base/jsonw.h \
  src/core/store_port.h src/base/banned.h

src/base/util.h:

src/base/err.h:

src/core/auth.h:

src/core/model.h:

src/core/core.h:

src/base/arena.h:

src/core/core_int.h:

src/base/buf.h:

src/base/jsonw.h:

src/core/store_port.h:

src/base/banned.h:
