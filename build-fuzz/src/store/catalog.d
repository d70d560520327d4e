build-fuzz/src/store/catalog.o: src/store/catalog.c src/store/catalog.h \
  src/db/db.h src/base/err.h src/base/banned.h

src/store/catalog.h:

src/db/db.h:

src/base/err.h:

src/base/banned.h:
