build-fuzz/src/db/db.o: src/db/db.c src/db/db_int.h src/db/db.h \
  src/base/err.h src/base/banned.h

src/db/db_int.h:

src/db/db.h:

src/base/err.h:

src/base/banned.h:
