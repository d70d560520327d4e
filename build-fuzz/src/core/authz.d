build-fuzz/src/core/authz.o: src/core/authz.c src/core/authz.h \
  src/core/core.h src/base/arena.h src/base/err.h src/base/banned.h

src/core/authz.h:

src/core/core.h:

src/base/arena.h:

src/base/err.h:

src/base/banned.h:
