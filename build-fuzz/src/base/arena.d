build-fuzz/src/base/arena.o: src/base/arena.c src/base/arena.h \
  src/base/banned.h

src/base/arena.h:

src/base/banned.h:
