#!/usr/bin/env bash
# Source rules that the compiler cannot check:
#  - core/ includes no HTTP, JSON-library or database headers;
#  - only db/ includes sqlite3.h or libpq-fe.h; only mail/ includes curl.h;
#    only mail/mime.c includes the GMime and GLib headers;
#    only http/gzip.c includes zlib.h; only markdown/markdown.c includes
#    the cmark-gfm headers;
#  - every .c file under src/ includes base/banned.h last (except util.c);
#  - SQL text lives only in the statement tables (store/<aggregate>_sql.c,
#    with the fragments they share in store/sql.h) and migrations;
#  - http/ calls nothing of api/, the authenticator or storage: the
#    application hands them over in struct app_ops (http/http.h);
#  - C files are laid out as .clang-format says.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
# every C source and header below src/, in subfolders too (src/core/ticket/...)
c_files=$(find src -name '*.c' | sort)
all_files=$(find src -name '*.c' -o -name '*.h' | sort)
fail() { echo "lint: $*" >&2; bad=1; }

for f in $(echo "$all_files" | grep '^src/core/'); do
  grep -Hn -E '#include [<"](microhttpd|jansson|sqlite3|libpq-fe|curl/curl)\.h' "$f" && fail "$f: core/ must not include transport, JSON or database headers"
done
for f in $(echo "$all_files" | grep -v '^src/mail/'); do
  grep -Hn -E '#include [<"]curl/curl\.h' "$f" && fail "$f: only src/mail/ may include curl.h"
done
for f in $(echo "$all_files" | grep -v '^src/mail/mime\.c$'); do
  grep -Hn -E '#include [<"](gmime/|glib)' "$f" && fail "$f: only src/mail/mime.c may include the GMime and GLib headers"
done
for f in $(echo "$all_files" | grep -v '^src/http/gzip\.c$'); do
  grep -Hn -E '#include [<"]zlib\.h' "$f" && fail "$f: only src/http/gzip.c may include zlib.h"
done
for f in $(echo "$all_files" | grep -v '^src/markdown/markdown\.c$'); do
  grep -Hn -E '#include [<"]cmark-gfm' "$f" && fail "$f: only src/markdown/markdown.c may include the cmark-gfm headers"
done
for f in $(echo "$all_files" | grep -v '^src/db/'); do
  grep -Hn -E '#include [<"](sqlite3|libpq-fe)\.h' "$f" && fail "$f: only src/db/ may include database headers"
done
for f in $c_files; do
  [[ $f == src/base/util.c ]] && continue
  last=$(grep -n '^#include' "$f" | tail -1 | cut -d: -f2-)
  [[ $last == '#include "base/banned.h"' ]] || fail "$f: base/banned.h must be the last include"
done
for f in $(echo "$all_files" | grep -v -E '^src/(store/[a-z]+_sql\.c|store/sql\.h|db/db(_sqlite|_pg)?\.c)$'); do
  grep -Hn -E '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE) ' "$f" && fail "$f: SQL belongs in a statement table, src/store/<aggregate>_sql.c"
done
for f in $(echo "$all_files" | grep '^src/http/'); do
  grep -Hn -E '\b(api|auth|db|store)_[a-z_]+\(' "$f" | grep -v -E '^[^:]+:[0-9]+:\s*(/?\*|//)' &&
    fail "$f: http/ receives routes, authenticator and storage from the application (struct app_ops)"
done
# layout: .clang-format is the rule; `make format` applies it
if command -v clang-format >/dev/null 2>&1; then
  # new files too (--others): they are checked before their first commit
  clang-format --dry-run --Werror $(git ls-files --cached --others --exclude-standard 'src/*.c' 'src/*.h' 'tests/*.c' 'tools/*.c') 2>/dev/null ||
    fail "files are not formatted as .clang-format says; run 'make format'"
else
  fail "clang-format is not installed (scripts/deps.sh installs it)"
fi
exit $bad
