# Two commands do everything on a fresh machine (Python 3.11, make and apt are all it needs):
#   make demo   — install, migrate, load demo data, serve http://127.0.0.1:8000 (PORT=8123 for another)
#   make test   — install, lint, check migrations, run the whole test suite
PY      := .venv/bin/python
# The demo's port. Links in e-mails and the payment gateway's callbacks are built from
# SITE_URL (there is no request to read the host from in a Celery task), so both follow it.
PORT    ?= 8000
MANAGE  := $(PY) manage.py
# Debian packages: Chromium for the browser tests (launched by path, never downloaded),
# gettext for compiling translations, CJK fonts so Chinese renders in browser and PDF
# (PDFs: DejaVu Sans for Latin, a subset of AR PL UMing TW for Chinese; ADR 0008).
# Node.js and npm install axe-core, which the browser tests inject for the WCAG checks.
APT_PACKAGES := chromium gettext fonts-noto-cjk fonts-dejavu-core fonts-arphic-uming nodejs
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: demo test setup system-packages messages pdf-fonts lint check-migrations run-worker audit outdated

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Portal: http://127.0.0.1:$(PORT)  (admin: http://127.0.0.1:$(PORT)/admin/)"
	SITE_URL=http://127.0.0.1:$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup lint check-migrations
	$(PY) -m pytest $(PYTEST_ARGS)

setup: system-packages .venv/.installed messages pdf-fonts $(AXE)

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# axe-core for the browser tests' accessibility checks, at the version the lock file pins.
$(AXE): tests/browser/package.json tests/browser/package-lock.json | system-packages
	command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq npm; }
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

.venv/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group dev
	touch $@

messages: .venv/.installed
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

# The derived CJK font PDFs render with, built from fonts-arphic-uming into var/ (idempotent).
pdf-fonts: system-packages .venv/.installed
	$(MANAGE) build_pdf_fonts

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# Under the test settings: every app of the product plus the tests' sample workflow.
check-migrations: .venv/.installed
	$(MANAGE) makemigrations --check --dry-run --settings=portal.settings.test

run-worker: setup
	.venv/bin/celery -A portal worker --beat --loglevel=INFO

# Known vulnerabilities in the installed packages (PyPI's advisory data; needs pypi.org).
audit: .venv/.installed
	.venv/bin/pip-audit --strict --progress-spinner off

# What has a newer release than the one installed.
outdated: .venv/.installed
	$(PY) -m pip list --outdated
