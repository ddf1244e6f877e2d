# 政企早餐会 portal. `make run` serves it with demo data; `make test` proves it works.
# Without DATABASE_URL both use a project-local PostgreSQL cluster under .data/.

SHELL      := /bin/bash
GO         ?= go
PORTAL     := bin/portal
TEMPL_SRC  := $(wildcard web/*/*.templ)
TEMPL_GO   := $(TEMPL_SRC:.templ=_templ.go)
GO_SRC     := $(shell find cmd internal web migrations -name '*.go' -o -name '*.sql' -o -name '*.css' -o -name '*.js' 2>/dev/null)

.PHONY: run build generate test test-deps check-generated check-format vet db-start db-stop db-url clean

run: $(PORTAL)
	./$(PORTAL) serve -demo

build: $(PORTAL)

$(PORTAL): $(TEMPL_GO) $(GO_SRC) go.mod go.sum
	$(GO) build -o $(PORTAL) ./cmd/portal

# templ is pinned by go.mod's tool directive, so everybody generates with the same version.
$(TEMPL_GO) &: $(TEMPL_SRC)
	$(GO) tool templ generate -path web

generate:
	$(GO) tool templ generate -path web

test: test-deps check-generated check-format vet $(PORTAL)
	@url=$$(./$(PORTAL) db start postgres) && \
	TEST_DATABASE_URL="$$url" PORTAL_BIN="$(CURDIR)/$(PORTAL)" $(GO) test -race -count=1 -timeout 12m ./...

# What the tests need besides Go and PostgreSQL: headless Chromium for browser tests, a CJK
# font so pages render Chinese, poppler-utils for reading PDFs back. Installed when missing.
test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk\|droid sans fallback' || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "Please install:$$missing (e.g. sudo apt-get install -y$$missing)"; exit 1; fi; \
		echo "Installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Fails when a .templ file was changed without regenerating its _templ.go.
check-generated:
	@tmp=$$(mktemp -d) && cp -r web "$$tmp/" && \
	$(GO) tool templ generate -path "$$tmp/web" >/dev/null 2>&1 && \
	if ! diff -r -q web "$$tmp/web" >/dev/null; then \
		diff -r web "$$tmp/web" | head -20; rm -rf "$$tmp"; \
		echo "Generated templ code is stale: run 'make generate' and commit the result."; exit 1; \
	fi; rm -rf "$$tmp"

check-format:
	@out=$$(gofmt -l cmd internal web migrations); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

vet:
	$(GO) vet ./...

db-start: $(PORTAL)
	@./$(PORTAL) db start

db-stop: $(PORTAL)
	@./$(PORTAL) db stop

db-url: $(PORTAL)
	@./$(PORTAL) db url

clean:
	rm -rf bin
