#!/usr/bin/env bash
# The local pipeline: a real single-node KRaft Kafka broker and a real CNCF Distribution registry on
# 127.0.0.1, then the four services as separate processes. Logs go to $TAGLINE_HOME/logs.
#
#   ./tagline up [--demo | --policies DIR [--listener-config FILE]] [--check] [--registry URL] [--home DIR]
#     --demo           (the default without --policies) a fresh pipeline, a demo repository and release
#                      policy, a scripted sequence of pushes, tags and a nightly, the pruner, and a table
#                      of every tag in the registry; then everything stops
#     --policies DIR   release policies to run with (tag-planner and registry-pruner); keeps running,
#                      watching the repositories of --listener-config (tag-listener's YAML), until Ctrl-C
#     --check          start everything, report health, stop everything, exit 0 if all were healthy
#     --registry URL   use this registry (e.g. http://127.0.0.1:5000) instead of starting one
#     --home DIR       where data and logs go (default .tagline/local)
# Ports (env): KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 REGISTRY_PORT=15000
#              LISTENER_PORT=8081 PLANNER_PORT=8082 BUILDER_PORT=8083 PRUNER_PORT=8084
# Supervision: a child that exits while running is restarted with capped backoff (deploy/local/supervise.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CHECK=0
DEMO=""
POLICIES=""
LISTENER_CONFIG=""
REGISTRY_URL=""
HOME_DIR="${TAGLINE_HOME:-$ROOT/.tagline/local}"
while [ $# -gt 0 ]; do
  case "$1" in
    --check) CHECK=1 ;;
    --demo) DEMO=1 ;;
    --policies) POLICIES="${2:?--policies needs a directory}"; shift ;;
    --listener-config) LISTENER_CONFIG="${2:?--listener-config needs a file}"; shift ;;
    --registry) REGISTRY_URL="${2:?--registry needs a URL}"; shift ;;
    --home) HOME_DIR="${2:?--home needs a directory}"; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "up: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
REGISTRY_PORT="${REGISTRY_PORT:-15000}"
declare -A SERVICE_PORT=([tag-listener]="${LISTENER_PORT:-8081}" [tag-planner]="${PLANNER_PORT:-8082}"
                         [image-builder]="${BUILDER_PORT:-8083}" [registry-pruner]="${PRUNER_PORT:-8084}")
SERVICES=(tag-listener tag-planner image-builder registry-pruner)
LOGS="$HOME_DIR/logs"

say() { printf '[tagline up] %s\n' "$*"; }
die() { printf '[tagline up] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=supervise.sh
source "$ROOT/deploy/local/supervise.sh"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# While starting, a child that exits is a failure to report (fail fast); supervision begins once all are up.
alive_or_die() { # child log
  child_owned "$1" && return 0
  child_status "$1"
  die "$1 exited during start-up (status $CHILD_EXIT); last lines of $2:
$(tail -n 20 "$2" 2>/dev/null)"
}
wait_port() { # port seconds child log
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    alive_or_die "$3" "$4"
    sleep 0.1
  done
  die "$3 did not open port $1 within $2 s (log: $4)"
}
wait_health() { # url seconds child log
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    if curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; then return 0; fi
    alive_or_die "$3" "$4"
    sleep 0.25
  done
  die "$3 was not healthy at $1 within $2 s; last lines of $4:
$(tail -n 20 "$4" 2>/dev/null)"
}

stop_all() {
  if [ ${#CHILD_ORDER[@]} -gt 0 ]; then
    say "stopping (graceful: SIGTERM, then wait) ..."
    stop_children
    CHILD_ORDER=()
    say "stopped"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

if [ -n "$POLICIES" ] && [ -n "$DEMO" ]; then die "--demo and --policies exclude each other"; fi
[ -n "$POLICIES" ] || [ "$CHECK" = 1 ] || DEMO=1
command -v curl >/dev/null || die "curl is needed: apt-get install -y curl"
if [ -n "$DEMO" ]; then
  # the demo starts from nothing, so that what it prints is what this commit does
  rm -rf "$HOME_DIR/kafka" "$HOME_DIR/registry" "$HOME_DIR/demo" "$HOME_DIR/logs" "$HOME_DIR/planner-state"
fi
mkdir -p "$LOGS"

# --- ports
for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "${SERVICE_PORT[@]}"; do
  port_free "$p" || die "port $p on 127.0.0.1 is taken (set the matching *_PORT variable, see --help)"
done

# --- Kafka (KRaft, its own process)
KAFKA_DIR="$HOME_DIR/kafka"
mkdir -p "$KAFKA_DIR"
sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@DATA_DIR@|$KAFKA_DIR/data|g" deploy/local/kafka.properties.template > "$KAFKA_DIR/server.properties"
KAFKA_CP="$ROOT/deploy/kafka-broker/target/kafka-lib/*"
KAFKA_JAVA=(java -Xms256m -Xmx512m -Dlogback.configurationFile="$ROOT/deploy/local/kafka-logback.xml" -cp "$KAFKA_CP")
if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
  say "formatting Kafka storage in $KAFKA_DIR/data"
  "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$(cat /proc/sys/kernel/random/uuid | tr -d '-' | head -c 22)" \
      -c "$KAFKA_DIR/server.properties" > "$LOGS/kafka-format.log" 2>&1 \
    || die "formatting Kafka storage failed: $(tail -n 5 "$LOGS/kafka-format.log")"
fi
say "starting Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT, log $LOGS/kafka.log"
launch_child kafka 1 "$LOGS/kafka.log" "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DIR/server.properties"
wait_port "$KAFKA_PORT" 60 kafka "$LOGS/kafka.log"
say "Kafka is ready"

# --- registry
if [ -z "$REGISTRY_URL" ]; then
  port_free "$REGISTRY_PORT" || die "port $REGISTRY_PORT on 127.0.0.1 is taken (set REGISTRY_PORT, or use --registry URL)"
  REGISTRY_BIN="${TAGLINE_DOCKER_REGISTRY:-/usr/bin/docker-registry}"
  if [ ! -x "$REGISTRY_BIN" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing the CNCF Distribution registry (apt-get install -y docker-registry) ..."
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry) > "$LOGS/apt.log" 2>&1 \
        || die "could not install docker-registry (see $LOGS/apt.log); install it yourself or pass --registry URL"
    else
      die "no registry binary at $REGISTRY_BIN: run 'sudo apt-get install -y docker-registry', set TAGLINE_DOCKER_REGISTRY, or pass --registry URL"
    fi
  fi
  REG_DIR="$HOME_DIR/registry"
  mkdir -p "$REG_DIR/data"
  sed -e "s|@REGISTRY_PORT@|$REGISTRY_PORT|g" -e "s|@DATA_DIR@|$REG_DIR/data|g" \
      deploy/local/registry.yml.template > "$REG_DIR/config.yml"
  say "starting the registry on 127.0.0.1:$REGISTRY_PORT, log $LOGS/registry.log"
  launch_child registry 1 "$LOGS/registry.log" "$REGISTRY_BIN" serve "$REG_DIR/config.yml"
  REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT"
  wait_health "$REGISTRY_URL/v2/" 20 registry "$LOGS/registry.log"
  say "registry is ready"
fi
REGISTRY_HOST="${REGISTRY_URL#*://}"
REGISTRY_HOST="${REGISTRY_HOST%%/*}"

# --- what the services run with
if [ -n "$DEMO" ]; then
  say "preparing the demo repository and release policy in $HOME_DIR/demo"
  eval "$(java -jar deploy/target/deploy.jar prepare --home "$HOME_DIR" --registry "$REGISTRY_HOST")"
elif [ -n "$POLICIES" ]; then
  [ -d "$POLICIES" ] || die "--policies $POLICIES is not a directory"
  export TAGLINE_PLANNER_POLICY_DIR="$(cd "$POLICIES" && pwd)" TAGLINE_PRUNER_POLICY_DIR="$(cd "$POLICIES" && pwd)"
  if [ -n "$LISTENER_CONFIG" ]; then
    [ -f "$LISTENER_CONFIG" ] || die "--listener-config $LISTENER_CONFIG is not a file"
    export MICRONAUT_CONFIG_FILES="$(cd "$(dirname "$LISTENER_CONFIG")" && pwd)/$(basename "$LISTENER_CONFIG")"
  fi
fi

# --- the signing key: made once in the home directory (kept across runs and --demo resets), every image is signed with it
KEY_DIR="$HOME_DIR/keys"
if [ ! -f "$KEY_DIR/tagline.key" ]; then
  mkdir -p "$KEY_DIR" && chmod 700 "$KEY_DIR"
  if command -v openssl >/dev/null; then
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$KEY_DIR/tagline.key" 2> "$LOGS/keygen.log") \
      && openssl pkey -in "$KEY_DIR/tagline.key" -pubout -out "$KEY_DIR/tagline.pub" 2>> "$LOGS/keygen.log" \
      || die "generating the signing key failed: $(tail -n 3 "$LOGS/keygen.log")"
  else
    (umask 077 && java deploy/local/SigningKeyGen.java "$KEY_DIR/tagline.key" "$KEY_DIR/tagline.pub") \
      || die "generating the signing key with Java failed"
  fi
  say "generated an ECDSA P-256 signing key in $KEY_DIR"
fi
export TAGLINE_BUILDER_SIGNING_KEY_FILE="$KEY_DIR/tagline.key"
say "every image is signed and attested; public key: $KEY_DIR/tagline.pub"
say "  verify an image: ./tagline verify $REGISTRY_HOST/NAME:TAG --key $KEY_DIR/tagline.pub --insecure-registry $REGISTRY_HOST"

# --- the four services, each its own process
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
insecure="${TAGLINE_INSECURE_REGISTRIES:-$REGISTRY_HOST}"; unset TAGLINE_INSECURE_REGISTRIES  # the launcher's input, not a service setting
export TAGLINE_BUILDER_INSECURE_REGISTRIES="$insecure" TAGLINE_PRUNER_INSECURE_REGISTRIES="$insecure"
export TAGLINE_LISTENER_CACHE_DIR="$HOME_DIR/cache/listener" TAGLINE_BUILDER_CACHE_DIR="$HOME_DIR/cache/builder"
# next to the broker's data it restores from (the default under the temp directory kept one per broker ever started)
export TAGLINE_PLANNER_STATE_DIR="${TAGLINE_PLANNER_STATE_DIR:-$HOME_DIR/planner-state}"
export TAGLINE_LOG_FORMAT="${TAGLINE_LOG_FORMAT:-json}"
export TAGLINE_HOME="$HOME_DIR"
JVM_FLAGS=(${TAGLINE_SERVICE_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1})
for svc in "${SERVICES[@]}"; do
  say "starting $svc on 127.0.0.1:${SERVICE_PORT[$svc]}, log $LOGS/$svc.log"
  # BUILDER_PORT/PRUNER_PORT are this script's: a service would take them for renamed builder.*/pruner.* settings
  launch_child "$svc" 1 "$LOGS/$svc.log" env -u BUILDER_PORT -u PRUNER_PORT TAGLINE_HTTP_PORT="${SERVICE_PORT[$svc]}" java "${JVM_FLAGS[@]}" -jar "$svc/target/$svc.jar"
done
for svc in "${SERVICES[@]}"; do
  wait_health "http://127.0.0.1:${SERVICE_PORT[$svc]}/health" 90 "$svc" "$LOGS/$svc.log"
  say "$svc is healthy (http://127.0.0.1:${SERVICE_PORT[$svc]}/health, metrics at /prometheus)"
done

say "all up: Kafka 127.0.0.1:$KAFKA_PORT, registry $REGISTRY_URL, services on ports $(for s in "${SERVICES[@]}"; do printf "%s " "${SERVICE_PORT[$s]}"; done)"
if [ "$CHECK" = 1 ]; then
  for svc in "${SERVICES[@]}"; do
    printf '  %-16s %s\n' "$svc" "$(curl -fsS "http://127.0.0.1:${SERVICE_PORT[$svc]}/health")"
  done
  exit 0
fi
if [ -n "$DEMO" ]; then
  say "running the demo (progress below; services log to $LOGS)"
  # the demo driver runs as a child too (not restarted), so that the services stay supervised meanwhile
  { exec java -jar deploy/target/deploy.jar run --home "$HOME_DIR" --kafka "$KAFKA_BOOTSTRAP_SERVERS" \
      --registry "$REGISTRY_HOST" --listener "http://127.0.0.1:${SERVICE_PORT[tag-listener]}" \
      --pruner-jar "$ROOT/registry-pruner/target/registry-pruner.jar"; } &
  CHILD_ORDER+=(demo); CHILD_PID[demo]=$!; CHILD_RESTART[demo]=0
  CHILD_START[demo]="$(proc_identity "$!" | cut -d' ' -f2)"
  supervise_until demo || die "the demo failed; the services' logs are in $LOGS"
  # the demo's image (deploy's DemoFiles.IMAGE_NAME), checked with the public key alone while the registry still runs
  say "verifying $REGISTRY_HOST/demo/hello:latest with $KEY_DIR/tagline.pub (./tagline verify IMAGE --key)"
  java -jar image-builder/target/image-builder.jar verify "$REGISTRY_HOST/demo/hello:latest" --key "$KEY_DIR/tagline.pub" \
      --insecure-registry "$REGISTRY_HOST" | sed 's/^/  /' || die "the demo's image does not verify"
  SIGSTORE_JS="$ROOT/image-builder/src/test/sigstore-verify"
  if [ -d "$SIGSTORE_JS/node_modules/@sigstore/verify" ] && command -v node >/dev/null; then
    say "and with the reference sigstore JavaScript verifier:"
    (cd "$SIGSTORE_JS" && node verify.mjs --registry "http://$REGISTRY_HOST" --image demo/hello:latest --key "$KEY_DIR/tagline.pub") \
      | sed 's/^/  /' || die "the sigstore JS verifier rejected the demo's image"
  fi
  say "demo done (run './tagline up --policies DIR' to watch your own repositories)"
  exit 0
fi
say "running; logs in $LOGS. Press Ctrl-C to stop everything. A service that exits is restarted."
supervise_until
