# Steward — build, run and test.  `make run` and `make check` are the two
# commands a user needs; see README.md.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
SAN     ?=
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium libcurl zlib libcmark-gfm gmime-3.0
WARN    := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = -std=c17 -D_GNU_SOURCE $(WARN) $(OPT) $(SAN) -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lpthread -lm $(LDLIBS)

LIB_SRC  := $(filter-out src/cli/main.c,$(sort $(wildcard src/*/*.c src/*/*/*.c)))
# folders of JSON data embedded in the binary (see gen/%.c below)
DATA_DIRS := toolkits demo
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o $(BUILD)/gen/web.o $(DATA_DIRS:%=$(BUILD)/gen/%.o)
# migrations/NNNN_name.sql is a step for both backends; a file of the same
# number in migrations/sqlite/ or migrations/pg/ takes its place there.
MIGRATIONS := $(sort $(wildcard migrations/*.sql migrations/*/*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: FORCE all run deps deps-build check lint openapi-check unit api api-sqlite api-pg browser asan fuzz fuzz-quick fuzz-build fuzz-bins soak soak-quick bench clean format
all: $(BUILD)/steward

deps:
	@scripts/deps.sh
deps-build:
	@scripts/deps.sh build

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

# The list of migration files is a prerequisite too (the file is rewritten
# only when the list changes), so that moving or removing one re-embeds.
$(BUILD)/gen/migrations.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(MIGRATIONS)' | cmp -s - $@ || echo '$(MIGRATIONS)' > $@

$(BUILD)/gen/migrations.c: $(MIGRATIONS) $(BUILD)/gen/migrations.list $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ embedded_migrations migrations/ $(MIGRATIONS)

# JSON data embedded like the migrations, a C array per folder
# (base/embed.h): the built-in toolkits (docs/toolkit.md) and the data of
# `steward demo` (demo/, one file per practice).
EMBED_toolkits := $(sort $(wildcard toolkits/*.json))
EMBED_demo := $(sort $(wildcard demo/*.json))
$(DATA_DIRS:%=$(BUILD)/gen/%.list): $(BUILD)/gen/%.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(EMBED_$*)' | cmp -s - $@ || echo '$(EMBED_$*)' > $@

.SECONDEXPANSION:
$(DATA_DIRS:%=$(BUILD)/gen/%.c): $(BUILD)/gen/%.c: $$(EMBED_$$*) $(BUILD)/gen/%.list $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ embedded_$* $*/ $(EMBED_$*)

# The web UI: our files plus the library modules, installed from npm with
# the lock file (web/package-lock.json) and never committed.
WEB_FILES := $(sort $(wildcard web/*.html web/*.js web/*.css))
WEB_VENDOR := $(BUILD)/web/vendor.js $(BUILD)/web/uplot.js $(BUILD)/web/uplot.css
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --ignore-scripts

$(WEB_VENDOR) &: web/node_modules/.package-lock.json
	@mkdir -p $(BUILD)/web
	cp web/node_modules/htm/preact/standalone.module.js $(BUILD)/web/vendor.js
	cp web/node_modules/uplot/dist/uPlot.esm.js $(BUILD)/web/uplot.js
	cp web/node_modules/uplot/dist/uPlot.min.css $(BUILD)/web/uplot.css

$(BUILD)/gen/web.c: $(WEB_FILES) $(WEB_VENDOR) $(BUILD)/tools/embed
	@mkdir -p $(dir $@) $(BUILD)/web
	cp $(WEB_FILES) $(BUILD)/web/
	$(BUILD)/tools/embed $@ embedded_web $(BUILD)/web/ $(addprefix $(BUILD)/web/,$(notdir $(WEB_FILES))) $(WEB_VENDOR)

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/libsteward.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/steward: $(BUILD)/src/cli/main.o $(BUILD)/libsteward.a
	$(CC) $(OPT) $(SAN) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libsteward.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libsteward.a $(LDLIBS_ALL) -lcmocka

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libsteward.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(BUILD)/libsteward.a $(LDLIBS_ALL)

-include $(shell find $(BUILD)/src -name '*.d' 2>/dev/null)

# ---- running ---------------------------------------------------------------
STEWARD_DB ?= steward.db
run: deps-build $(BUILD)/steward
	@scripts/run-demo.sh $(BUILD)/steward $(STEWARD_DB)

# ---- tests -----------------------------------------------------------------
lint:
	@scripts/lint.sh

# The tools that check the OpenAPI document (a validator and a linter) and
# the JSON Schema validator of the API contract test, installed from npm
# with the lock file (tests/openapi/package-lock.json), never committed.
OPENAPI_TOOLS := tests/openapi/node_modules/.package-lock.json
$(OPENAPI_TOOLS): tests/openapi/package.json tests/openapi/package-lock.json
	cd tests/openapi && npm ci --no-audit --no-fund --ignore-scripts

# The document a real server serves, through both tools (tests/openapi/check.mjs).
openapi-check: $(BUILD)/steward $(OPENAPI_TOOLS)
	@node tests/openapi/check.mjs $(BUILD)/steward

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

api-sqlite: $(BUILD)/steward $(OPENAPI_TOOLS)
	@scripts/api-tests.sh sqlite $(BUILD)/steward

api-pg: $(BUILD)/steward $(OPENAPI_TOOLS)
	@scripts/api-tests.sh pg $(BUILD)/steward

api: api-sqlite api-pg

# The web UI in headless Chromium (tests/browser/).
browser: $(BUILD)/steward
	@scripts/browser-tests.sh $(BUILD)/steward

# The whole unit + API suite again under AddressSanitizer and UBSan.
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  unit api

# libFuzzer targets, built with clang into build-fuzz/ with ASan and UBSan.
FUZZ_SECONDS ?= 60
fuzz-bins: $(FUZZ_BIN)
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" fuzz-bins
fuzz: fuzz-build
	@scripts/run-fuzz.sh $(FUZZ_SECONDS) build-fuzz/fuzz/*
fuzz-quick: fuzz-build
	@scripts/run-fuzz.sh 5 build-fuzz/fuzz/*

# Bounded soak on loopback: zero 5xx, no crash, flat memory (tests/soak/soak.mjs).
SOAK_SECONDS ?= 120
SOAK_CONNECTIONS ?= 256
soak: $(BUILD)/steward
	@STEWARD_BIN=$(abspath $(BUILD)/steward) SOAK_SECONDS=$(SOAK_SECONDS) SOAK_CONNECTIONS=$(SOAK_CONNECTIONS) \
	  node tests/soak/soak.mjs
soak-quick: $(BUILD)/steward
	@STEWARD_BIN=$(abspath $(BUILD)/steward) SOAK_SECONDS=10 SOAK_CONNECTIONS=64 node tests/soak/soak.mjs

# Benchmarks (not part of check): make bench [SCALE=20000] [DURATION=10] [BACKENDS="sqlite pg"] [ARTICLES=N] [SCENARIOS="..."]
SCALE ?= 20000
DURATION ?= 10
bench: deps
	@$(MAKE) --no-print-directory BUILD=build-bench OPT="-O2 -DNDEBUG" all
	@SCALE=$(SCALE) DURATION=$(DURATION) scripts/bench.sh

check: deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory openapi-check
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory api
	@$(MAKE) --no-print-directory browser
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz-quick
	@$(MAKE) --no-print-directory soak-quick
	@echo "make check: all suites passed"

format:
	clang-format -i $$(git ls-files --cached --others --exclude-standard 'src/*.c' 'src/*.h' 'tests/*.c' 'tools/*.c')

clean:
	rm -rf build build-asan build-fuzz build-bench
