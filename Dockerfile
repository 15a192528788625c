FROM python:3.11-slim-bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gettext fonts-noto-cjk fonts-dejavu-core fonts-arphic-uming libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir "pip>=25.1" && pip install --no-cache-dir --group app
COPY . .
RUN DJANGO_SETTINGS_MODULE=portal.settings.dev python manage.py compilemessages --verbosity 0 \
    && DJANGO_SETTINGS_MODULE=portal.settings.dev python manage.py build_pdf_fonts
ENV PYTHONUNBUFFERED=1
USER nobody
