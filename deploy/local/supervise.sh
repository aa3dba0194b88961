# deploy/local/supervise.sh: the children of ./tagline up, sourced by up.sh (and by deploy's SuperviseScriptTest).
#
#   launch_child NAME RESTART LOG CMD...   start CMD as a direct child (exec'd, so the PID is the program's own),
#                                          output to LOG; RESTART=1: restart it when it exits, with capped backoff
#   child_owned NAME                       true while NAME's recorded PID is still that same process: our child
#                                          (its parent is this shell) with the start time recorded at launch
#   supervise_once                         restart what has exited and whose backoff has elapsed; log each step
#   supervise_until [NAME]                 supervise until NAME (a RESTART=0 child) ends, returning its exit status;
#                                          without NAME, until a signal ends the script
#   stop_children                          SIGTERM each child still owned, newest first; SIGKILL after 15 s
#
# A PID alone is not an identity: once a child has exited and been reaped, the kernel may hand its PID to
# any other process. So every signal is sent only after child_owned has checked the parent PID and the
# start time (/proc/PID/stat fields 4 and 22) against what was recorded when the child was launched.
#
# Backoff (milliseconds, env): TAGLINE_RESTART_BACKOFF_MS=1000 doubles per consecutive crash up to
# TAGLINE_RESTART_BACKOFF_MAX_MS=30000; a child that ran TAGLINE_RESTART_STABLE_MS=60000 before it
# exited starts again from the first delay. TAGLINE_SUPERVISE_TICK_MS=500 is how often children are checked.

RESTART_BACKOFF_MS="${TAGLINE_RESTART_BACKOFF_MS:-1000}"
RESTART_BACKOFF_MAX_MS="${TAGLINE_RESTART_BACKOFF_MAX_MS:-30000}"
RESTART_STABLE_MS="${TAGLINE_RESTART_STABLE_MS:-60000}"
SUPERVISE_TICK_MS="${TAGLINE_SUPERVISE_TICK_MS:-500}"

CHILD_ORDER=()
declare -A CHILD_PID=() CHILD_START=() CHILD_CMD=() CHILD_LOG=() CHILD_RESTART=() CHILD_SINCE_MS=() \
           CHILD_CRASHES=() CHILD_NEXT_MS=()

# say is up.sh's; a fallback keeps the file usable on its own
declare -F say >/dev/null || say() { printf '[tagline up] %s\n' "$*"; }

now_ms() {
  local t="${EPOCHREALTIME//[.,]/}"
  echo $((t / 1000))
}

seconds() { # milliseconds -> "1.5"
  printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100))
}

# "<ppid> <starttime>" of a PID, or nothing when there is no such process
proc_identity() {
  local stat rest
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$stat" ] || return 1
  rest="${stat##*) }" # the command name (field 2) may hold spaces and parentheses
  # shellcheck disable=SC2086
  set -- $rest       # $1 = field 3 (state), $2 = field 4 (ppid), $20 = field 22 (starttime)
  [ "$1" != Z ] || return 1 # exited, not yet reaped: nothing left to stop
  echo "$2 ${20}"
}

child_owned() {
  local pid="${CHILD_PID[$1]:-}" id
  [ -n "$pid" ] || return 1
  id="$(proc_identity "$pid")" || return 1
  [ "$id" = "$$ ${CHILD_START[$1]}" ]
}

start_recorded() { # NAME: runs the recorded command, appending to its log (a restart keeps the crash's output)
  local name="$1" id
  { eval "exec ${CHILD_CMD[$name]}"; } >> "${CHILD_LOG[$name]}" 2>&1 &
  CHILD_PID[$name]=$!
  id="$(proc_identity "$!")" || id="$$ gone"
  CHILD_START[$name]="${id#* }"
  CHILD_SINCE_MS[$name]="$(now_ms)"
  CHILD_NEXT_MS[$name]=0
}

launch_child() { # NAME RESTART LOG CMD...
  local name="$1" restart="$2" log="$3"
  shift 3
  [ -n "${CHILD_CMD[$name]:-}" ] || CHILD_ORDER+=("$name")
  CHILD_CMD[$name]="$(printf '%q ' "$@")"
  CHILD_LOG[$name]="$log"
  CHILD_RESTART[$name]="$restart"
  CHILD_CRASHES[$name]=0
  : > "$log"
  start_recorded "$name"
}

# CHILD_EXIT := the exit status of a child that is gone (bash keeps it until asked), or "?" when the shell
# no longer knows it. Not a function that prints: wait must run in this shell, not in a $(...) subshell.
CHILD_EXIT=""
child_status() {
  CHILD_EXIT=0
  wait "${CHILD_PID[$1]}" 2>/dev/null || CHILD_EXIT=$?
  [ "$CHILD_EXIT" != 127 ] || CHILD_EXIT="?"
}

supervise_once() {
  local name now ran delay crashes status
  now="$(now_ms)"
  for name in "${CHILD_ORDER[@]}"; do
    [ "${CHILD_RESTART[$name]}" = 1 ] || continue
    if [ "${CHILD_NEXT_MS[$name]}" != 0 ]; then
      if ((now >= CHILD_NEXT_MS[$name])); then
        start_recorded "$name"
        say "$name restarted (pid ${CHILD_PID[$name]}, restart ${CHILD_CRASHES[$name]}), log ${CHILD_LOG[$name]}"
      fi
      continue
    fi
    child_owned "$name" && continue
    child_status "$name"
    status="$CHILD_EXIT"
    ran=$((now - CHILD_SINCE_MS[$name]))
    ((ran < RESTART_STABLE_MS)) || CHILD_CRASHES[$name]=0
    crashes=$((CHILD_CRASHES[$name] + 1))
    CHILD_CRASHES[$name]=$crashes
    delay=$RESTART_BACKOFF_MS
    while ((--crashes > 0 && delay < RESTART_BACKOFF_MAX_MS)); do delay=$((delay * 2)); done
    ((delay <= RESTART_BACKOFF_MAX_MS)) || delay=$RESTART_BACKOFF_MAX_MS
    CHILD_NEXT_MS[$name]=$((now + delay))
    say "$name (pid ${CHILD_PID[$name]}) exited with status $status after $(seconds "$ran") s; restarting in $(seconds "$delay") s (crash ${CHILD_CRASHES[$name]} in a row), log ${CHILD_LOG[$name]}"
  done
}

supervise_until() { # [NAME]
  local watched="${1:-}"
  while :; do
    if [ -n "$watched" ] && ! child_owned "$watched"; then
      child_status "$watched"
      CHILD_PID[$watched]=""
      [ "$CHILD_EXIT" != "?" ] || CHILD_EXIT=1
      return "$CHILD_EXIT"
    fi
    supervise_once
    sleep "$(seconds "$SUPERVISE_TICK_MS")"
  done
}

stop_children() {
  local i name pid
  for ((i = ${#CHILD_ORDER[@]} - 1; i >= 0; i--)); do
    name="${CHILD_ORDER[$i]}"
    CHILD_RESTART[$name]=0
    child_owned "$name" || continue
    pid="${CHILD_PID[$name]}"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do child_owned "$name" || break; sleep 0.1; done
    if child_owned "$name"; then
      say "$name (pid $pid) did not stop within 15 s of SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}
