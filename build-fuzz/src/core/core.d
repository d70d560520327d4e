build-fuzz/src/core/core.o: src/core/core.c src/base/limits.h \
  src/core/core.h src/base/arena.h src/base/err.h src/core/core_int.h \
  src/base/buf.h src/base/jsonw.h src/core/model.h src/base/banned.h

src/base/limits.h:

src/core/core.h:

src/base/arena.h:

src/base/err.h:

src/core/core_int.h:

src/base/buf.h:

src/base/jsonw.h:

src/core/model.h:

src/base/banned.h:
