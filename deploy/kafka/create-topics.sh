#!/usr/bin/env bash
# Creates the product's Kafka topics exactly as io.monitor.core.kafka.Topics.all() defines them (names, partitions,
# configs; deploy/src/test checks this file against Topics), before any role starts. Idempotent (--if-not-exists).
# Runs in the apache/kafka image: compose service kafka-init, Kubernetes Job monitor-topics.
#   BOOTSTRAP_SERVERS   e.g. kafka-1:19092,kafka-2:19092,kafka-3:19092
#   REPLICATION_FACTOR  3 on a cluster (min.insync.replicas 2 comes from the brokers)
set -euo pipefail
: "${BOOTSTRAP_SERVERS:?set BOOTSTRAP_SERVERS}"
RF="${REPLICATION_FACTOR:-3}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

create() {
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists --replication-factor "$RF" "$@"
}

create --topic monitor.mentions.raw --partitions 6 --config retention.ms=604800000
create --topic monitor.mentions.enriched --partitions 6 --config retention.ms=604800000
create --topic monitor.alerts --partitions 3 --config cleanup.policy=compact --config min.compaction.lag.ms=3600000
create --topic monitor.incidents.events --partitions 3 --config retention.ms=-1
create --topic monitor.deadletter --partitions 1 --config retention.ms=2592000000
create --topic monitor.ingest.health --partitions 1 --config cleanup.policy=compact
create --topic monitor.ingest.cursors --partitions 1 --config cleanup.policy=compact
create --topic monitor.notifications.outbox --partitions 3 --config retention.ms=604800000
create --topic monitor.brands --partitions 1 --config cleanup.policy=compact
create --topic monitor.planned-events --partitions 1 --config cleanup.policy=compact
create --topic monitor.channels --partitions 1 --config cleanup.policy=compact
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --list
