# Makefile — builds, tests, checks and benchmarks vitaal (GNU make).
#
#   make            build $(BUILD)/vitaal
#   make run        install missing Debian packages (as root), build, create the
#                   demo database on first run and start the server on it
#   make check      the code rules, every test, then every test again under SAN=1,
#                   then the server's tests under ThreadSanitizer (make tsan-server)
#   make test       every test of this build only (no rules, no SAN pass)
#   make fuzz       build the fuzz targets with clang (libFuzzer, ASan, UBSan) into
#                   build-fuzz/ and run each for FUZZ_SECONDS (default 60)
#   make bench      benchmarks; figures go to docs/benchmarks.md (make load included)
#   make load       the load test: 200 simulated users for 60 s on SQLite, then on two
#                   servers on one PostgreSQL (scripts/load.sh; docs/benchmarks.md)
#   make format     reformat the sources with clang-format
#   make install    PREFIX=/opt/vitaal (default /usr/local): the binary, data/,
#                   the UI and the deployment examples (scripts/install.sh)
#   SAN=1           build with AddressSanitizer + UndefinedBehaviorSanitizer, and
#                   assert()s on (the normal build has -DNDEBUG)
#   SAN=thread      build with ThreadSanitizer (build-tsan)
#   BUILD=dir       build folder (default build, or build-san with SAN=1)

.DEFAULT_GOAL := all
SHELL := /bin/bash

ifeq ($(FUZZ),1)
# the library for the fuzz targets (make fuzz): clang, instrumented for libFuzzer
BUILD ?= build-fuzz
CC := clang
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
else ifeq ($(SAN),thread)
# ThreadSanitizer, for the server's threads (make SAN=thread test)
BUILD ?= build-tsan
SANFLAGS := -fsanitize=thread -fno-omit-frame-pointer
else ifeq ($(SAN),1)
BUILD ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SANFLAGS :=
# assert()s on engine and store invariants are checked in the SAN, TSan and
# fuzz builds; the normal build compiles them out (docs/decisions.md)
ASSERTFLAGS := -DNDEBUG
endif

ifeq ($(origin CC),default)
CC := gcc
endif
FUZZ_SECONDS ?= 60
PKGS := jansson sqlite3 libpq yaml-0.1 libsodium libmicrohttpd cairo pangocairo libcurl liboath libqrencode zlib
TEST_PKGS := cmocka

OPTFLAGS ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wvla -Wno-format-nonliteral -Wundef -Wpointer-arith -Wno-format-truncation
ifeq ($(FUZZ),1)
WARNFLAGS += -Wno-unknown-warning-option -Wno-string-concatenation
endif
CPPFLAGS += -Isrc -D_GNU_SOURCE -MMD -MP $(ASSERTFLAGS)
CFLAGS += -std=c17 $(OPTFLAGS) $(WARNFLAGS) $(SANFLAGS) -pthread \
          $(shell pkg-config --cflags $(PKGS))
LDFLAGS += $(SANFLAGS) -pthread
LDLIBS += $(shell pkg-config --libs $(PKGS)) -lm

MAIN_SRC := src/cli/main.c
LIB_SRC := $(filter-out $(MAIN_SRC),$(sort $(wildcard src/*/*.c)))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)
LIB := $(BUILD)/libvitaal.a
BIN := $(BUILD)/vitaal

SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
SUPPORT_OBJ := $(SUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/*/*_test.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
# fuzz targets: tests/fuzz/<name>_fuzz.c; `make test` builds each with the
# replay driver (gcc) and replays its corpus, `make fuzz` with libFuzzer
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*_fuzz.c))
FUZZ_REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all run check check-pg test unit integration bench load format rules deps clean fuzz \
        fuzz-build web tsan-server
# keep the object files of tests and benchmarks (make would delete them as intermediates)
.SECONDARY:

all: $(BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/tests/%.o: CFLAGS += $(shell pkg-config --cflags $(TEST_PKGS)) -Itests

# the hand-described part of the OpenAPI document, embedded with .incbin
$(BUILD)/obj/src/http/openapi_fixed.o: src/http/openapi.json
# the report writers' schemas, embedded the same way (src/report/schema.c)
$(BUILD)/obj/src/report/schema.o: $(wildcard src/report/*.schema.json)

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB) | web
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# the browser UI's served folder: web/ with the vendor files from node_modules,
# versioned paths, and gzip and brotli copies (incremental; see the script)
web:
	@scripts/build-web.sh "$(BUILD)"


$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(SUPPORT_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs $(TEST_PKGS))

$(BUILD)/tests/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/obj/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(SUPPORT_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/bench/%.o: CFLAGS += -Itests

# --- the two set-up commands -------------------------------------------------

run: deps
	$(MAKE) --no-print-directory all
	@scripts/run-demo.sh "$(BUILD)"

deps:
	@scripts/deps.sh

# one phase of make check, then its wall time ("check: test 612 s")
phase = @t=$$(date +%s); $(MAKE) --no-print-directory $(1); rc=$$?; \
	echo "check: $(1) $$(($$(date +%s) - t)) s"; exit $$rc
check: deps
	@scripts/check-rules.sh
	$(call phase,test)
	$(call phase,check-pg)
	$(call phase,SAN=1 test)
	$(call phase,tsan-server)

# the server's threads under ThreadSanitizer: the server test scripts that
# load its threads (the role matrix with concurrent writers, the HTTP edges)
# against a SAN=thread build, each failing on a sanitizer report in the log;
# TSAN_TESTS="..." for others (every server*_test.sh: about ten minutes more)
TSAN_TESTS ?= tests/integration/server_test.sh tests/integration/http_edges_test.sh
tsan-server:
	$(MAKE) --no-print-directory SAN=thread build-tsan/vitaal
	@rc=0; for t in $(TSAN_TESTS); do \
	  VITAAL_BIN=$(abspath build-tsan/vitaal) VITAAL_ROOT=$(CURDIR) bash $$t >build-tsan/$$(basename $$t).log 2>&1 \
	    && echo "tsan: $$t ok" || { echo "tsan: $$t FAILED (build-tsan/$$(basename $$t).log)"; rc=1; }; \
	done; exit $$rc

test: $(BIN) $(UNIT_BIN) $(FUZZ_REPLAY_BIN)
	@scripts/run-tests.sh "$(BUILD)"

# the same store, domain, HTTP and report unit tests and a chosen set of
# integration scripts on PostgreSQL, in a throwaway cluster (issue 15)
check-pg: $(BIN) $(UNIT_BIN)
	@scripts/pg-check.sh "$(BUILD)"

fuzz: deps
	$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@scripts/fuzz.sh build-fuzz "$(FUZZ_SECONDS)"

fuzz-build: $(FUZZ_BIN)

bench: $(BIN) $(BENCH_BIN)
	@scripts/run-bench.sh "$(BUILD)"
	@scripts/bench-server.sh "$(BUILD)"
	@scripts/bench-reports.sh "$(BUILD)"
	@scripts/bench-ui.sh "$(BUILD)"
	@scripts/load.sh "$(BUILD)"

# the load test alone (also the last step of make bench)
load: $(BIN)
	@scripts/load.sh "$(BUILD)"

# --- installing (issue 15 part 5): what the script copies, see its header ----
PREFIX ?= /usr/local
.PHONY: install
install: all
	@scripts/install.sh "$(BUILD)" "$(PREFIX)"

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

rules:
	@scripts/check-rules.sh

clean:
	rm -rf build build-san build-fuzz build-tsan

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(SUPPORT_OBJ:.o=.d) \
         $(UNIT_SRC:%.c=$(BUILD)/obj/%.d) $(BENCH_SRC:%.c=$(BUILD)/obj/%.d) \
         $(FUZZ_SRC:%.c=$(BUILD)/obj/%.d)
