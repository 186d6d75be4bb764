# kb — the two commands of the README, plus helpers. The CMake binary dir is out/ (build/ is source).
.PHONY: all deps configure kb tests check test test-scheduled demo bench fuzz fuzz-fatbin install deb clean
JOBS ?= $(shell nproc)

all: kb

deps:
	@scripts/deps.sh

configure:
	@test -f out/build.ninja || cmake -S . -B out -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

# Only the kb executable (and its generated man page/completions): no test TU.
kb: configure
	@cmake --build out -j $(JOBS) --target kb kb_docs

tests: configure
	@cmake --build out -j $(JOBS)

# The fast tier: test cases tagged [unit] (no network, Torch or nvcc), under a minute; docs/testing.md.
check: tests
	@ctest --test-dir out --output-on-failure -j $(JOBS) -L '^unit$$'

test: deps tests
	@ctest --test-dir out --output-on-failure -j $(JOBS) -E '^scheduled:'

# The [scheduled] tier (several Torch releases, CUTLASS): nightly and before a release (docs/testing.md).
test-scheduled: deps tests
	@ctest --test-dir out --output-on-failure -j $(JOBS) -R '^scheduled:'

demo: deps kb
	@scripts/demo.sh

bench: deps kb
	@scripts/bench.sh

# libFuzzer campaign on the ELF reader (clang, ASan+UBSan), in out/fuzz; FUZZ_SECONDS=1500 for a long one.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/fuzz_elf.sh $(FUZZ_SECONDS)

# The same for the fatbin reader (seeds: the nvcc fixtures of `make kb`'s out/tests/fixtures/fatbin).
fuzz-fatbin:
	@scripts/fuzz_fatbin.sh $(FUZZ_SECONDS)

# A Release build without tests in out/release, installed under PREFIX (DESTDIR honoured), or
# packaged as a .deb (out/release/kb_<version>_<arch>.deb); docs/install.md.
PREFIX ?= /usr/local
out/release/build.ninja:
	@cmake -S . -B out/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DKB_BUILD_TESTS=OFF >/dev/null

install: out/release/build.ninja
	@cmake --build out/release -j $(JOBS)
	@cmake --install out/release --prefix $(PREFIX) --strip

deb: out/release/build.ninja
	@cmake --build out/release -j $(JOBS)
	@cd out/release && cpack -G DEB

clean:
	rm -rf out
