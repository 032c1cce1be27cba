# Lagerfeuer in a container: slim, runs as an unprivileged user, content included (the default
# content/ is part of the installed package; LAGERFEUER_CONTENT_DIR serves another folder).
# Build: docker compose build        Run: docker compose up -d        (see README, "Operating")
# Everything the bot writes (SQLite database, Matrix encryption keys and sync state) lives in
# the volume /data; back it up and keep it across upgrades.

FROM python:3.11-slim AS build
# A compiler only in this stage, for dependencies published as source only (peewee).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core ./core
COPY adapters ./adapters
COPY content ./content
RUN pip install --no-cache-dir --disable-pip-version-check --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LAGERFEUER_DATABASE=/data/lagerfeuer.db \
    LAGERFEUER_MATRIX_STORE=/data/matrix-store
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home lagerfeuer \
    && mkdir -p /data \
    && chown lagerfeuer:lagerfeuer /data
COPY --from=build /install /usr/local
WORKDIR /data
USER lagerfeuer
VOLUME ["/data"]
# Telegram webhook mode (LAGERFEUER_TELEGRAM_WEBHOOK_URL) listens here; long polling needs no port.
EXPOSE 8443
STOPSIGNAL SIGTERM
ENTRYPOINT ["lagerfeuer"]
CMD ["run"]
