build-fuzz/src/base/jsonw.o: src/base/jsonw.c src/base/jsonw.h \
  src/base/buf.h src/base/err.h src/base/util.h src/base/banned.h

src/base/jsonw.h:

src/base/buf.h:

src/base/err.h:

src/base/util.h:

src/base/banned.h:
