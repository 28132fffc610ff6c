# The two commands of the README: `make run` and `make test`.
.PHONY: run test test-deploy test-fuzz-long lint bootstrap system-deps bench

VENV := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

bootstrap:
	@scripts/bootstrap

system-deps:
	@scripts/system-deps

run: bootstrap
	@scripts/system-deps || echo "（缺少的系统软件包只影响 PDF 字体与浏览器测试，平台照常启动）"
	@$(VENV)/gongkai migrate --noinput
	@$(VENV)/gongkai demo
	@$(VENV)/gongkai serve --host $(HOST) --port $(PORT)

test: bootstrap system-deps
	@$(VENV)/ruff check src tests
	@$(VENV)/pytest -n 2 --dist worksteal -m "not deploy and not fuzz_long" --durations=20

# The production topology (nginx + two gunicorn servers + workers + PostgreSQL + Redis, all on loopback).
test-deploy: bootstrap system-deps
	@$(VENV)/pytest -p no:xdist -m deploy -s

# The long run of the standing fuzz (every route and form, every role, many examples per URL).
test-fuzz-long: bootstrap
	@$(VENV)/pytest -p no:xdist -m fuzz_long tests/security/test_fuzz.py -s

lint: bootstrap
	@$(VENV)/ruff check src tests
