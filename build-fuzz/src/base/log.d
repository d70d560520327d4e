build-fuzz/src/base/log.o: src/base/log.c src/base/jsonw.h src/base/buf.h \
  src/base/err.h src/base/log.h src/base/util.h src/base/banned.h

src/base/jsonw.h:

src/base/buf.h:

src/base/err.h:

src/base/log.h:

src/base/util.h:

src/base/banned.h:
