# Blue Channel — the commands a newcomer needs. See README.md.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release
WEB_SOURCES := $(shell find web/src web/index.html web/package.json web/vite.config.ts 2>/dev/null)

.PHONY: all setup build cxx web run test bench clean
all: build

setup:
	@scripts/setup

cxx: setup
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
	@cmake --build $(BUILD)

web: setup web/dist/index.html
web/dist/index.html: $(WEB_SOURCES) src/api/openapi.json
	@if [ -f web/package.json ]; then cd web && npm run --silent build; fi

build: cxx web

run: build
	@scripts/run

test: build
	@cd $(BUILD) && ctest --output-on-failure --timeout 900

bench: build
	@bench/run

clean:
	rm -rf $(BUILD) web/dist
