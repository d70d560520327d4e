build-fuzz/src/db/db_pg.o: src/db/db_pg.c \
  /usr/include/postgresql/libpq-fe.h \
  /usr/include/postgresql/postgres_ext.h \
  /usr/include/postgresql/pg_config_ext.h src/db/db_int.h src/db/db.h \
  src/base/err.h src/base/banned.h

/usr/include/postgresql/libpq-fe.h:

/usr/include/postgresql/postgres_ext.h:

/usr/include/postgresql/pg_config_ext.h:

src/db/db_int.h:

src/db/db.h:

src/base/err.h:

src/base/banned.h:
