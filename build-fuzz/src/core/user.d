build-fuzz/src/core/user.o: src/core/user.c src/base/limits.h \
  src/base/util.h src/base/err.h src/core/auth.h src/core/model.h \
  src/core/core.h src/base/arena.h src/core/authz.h src/core/core_int.h \
  src/base/buf.h src/base/jsonw.h src/core/user.h src/core/store_port.h \
  src/base/banned.h

src/base/limits.h:

src/base/util.h:

src/base/err.h:

src/core/auth.h:

src/core/model.h:

src/core/core.h:

src/base/arena.h:

src/core/authz.h:

src/core/core_int.h:

src/base/buf.h:

src/base/jsonw.h:

src/core/user.h:

src/core/store_port.h:

src/base/banned.h:
