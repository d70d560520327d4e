build-fuzz/src/core/ticket.o: src/core/ticket.c src/base/limits.h \
  src/base/util.h src/base/err.h src/core/authz.h src/core/core.h \
  src/base/arena.h src/core/core_int.h src/base/buf.h src/base/jsonw.h \
  src/core/model.h src/core/ticket.h src/core/store_port.h \
  src/base/banned.h

src/base/limits.h:

src/base/util.h:

src/base/err.h:

src/core/authz.h:

src/core/core.h:

src/base/arena.h:

src/core/core_int.h:

src/base/buf.h:

src/base/jsonw.h:

src/core/model.h:

src/core/ticket.h:

src/core/store_port.h:

src/base/banned.h:
