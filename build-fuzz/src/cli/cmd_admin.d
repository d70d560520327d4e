build-fuzz/src/cli/cmd_admin.o: src/cli/cmd_admin.c src/base/buf.h \
  src/base/err.h src/base/jsonw.h src/base/util.h src/cli/cli.h \
  src/base/arena.h src/core/core.h src/db/db.h src/store/store.h \
  src/core/store_port.h src/core/model.h src/core/auth.h src/core/user.h \
  src/base/banned.h

src/base/buf.h:

src/base/err.h:

src/base/jsonw.h:

src/base/util.h:

src/cli/cli.h:

src/base/arena.h:

src/core/core.h:

src/db/db.h:

src/store/store.h:

src/core/store_port.h:

src/core/model.h:

src/core/auth.h:

src/core/user.h:

src/base/banned.h:
