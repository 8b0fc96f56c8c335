# Versions of the real servers that scripts/servers/build.sh builds from source through the Go
# module proxy. Bump them here; the build cache is keyed by them.
TEMPORAL_SERVER_MODULE=go.temporal.io/server
TEMPORAL_SERVER_VERSION=v1.31.2
# MinIO publishes RELEASE.<date> tags, not semver, so the proxy serves pseudo-versions of main.
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
# The Temporal Web UI and its small server (the last release whose go.mod accepts Go 1.26.8).
TEMPORAL_UI_MODULE=github.com/temporalio/ui-server/v2
TEMPORAL_UI_VERSION=v2.55.0
