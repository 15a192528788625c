"""docker-compose.yml (for deployers; no Docker engine runs here): it parses, and nginx in
front of gunicorn caps bodies as Django does."""

import re

import yaml
from django.conf import settings

from tests.test_settings import ROOT


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_parses_and_names_its_services():
    services = _compose()["services"]
    assert {"postgres", "redis", "migrate", "web", "proxy", "worker", "beat"} <= set(services)


def test_gunicorn_is_reached_only_through_nginx():
    compose = _compose()
    web, proxy = compose["services"]["web"], compose["services"]["proxy"]
    assert "ports" not in web
    assert proxy["ports"] == ["80:80"]
    site = compose["configs"]["nginx_site"]["content"]
    assert "proxy_pass http://web:8000;" in site


def test_nginx_caps_bodies_like_django():
    site = _compose()["configs"]["nginx_site"]["content"]
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site)[1])
    assert megabytes * 1024 * 1024 == settings.REQUEST_BODY_MAX_BYTES
    web_env = _compose()["services"]["web"]["environment"]
    assert int(web_env["REQUEST_BODY_MAX_BYTES"]) == settings.REQUEST_BODY_MAX_BYTES
