build-fuzz/src/base/err.o: src/base/err.c src/base/err.h \
  src/base/banned.h

src/base/err.h:

src/base/banned.h:
