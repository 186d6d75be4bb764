# kb — the two commands of the README, plus helpers. The CMake binary dir is out/ (build/ is source).
.PHONY: all deps configure kb test demo bench fuzz fuzz-fatbin clean
JOBS ?= $(shell nproc)

all: kb

deps:
	@scripts/deps.sh

configure:
	@test -f out/build.ninja || cmake -S . -B out -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

kb: configure
	@cmake --build out -j $(JOBS)

test: deps kb
	@ctest --test-dir out --output-on-failure -j $(JOBS)

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

clean:
	rm -rf out
