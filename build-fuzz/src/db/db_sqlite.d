build-fuzz/src/db/db_sqlite.o: src/db/db_sqlite.c src/db/db_int.h \
  src/db/db.h src/base/err.h src/base/banned.h

src/db/db_int.h:

src/db/db.h:

src/base/err.h:

src/base/banned.h:
