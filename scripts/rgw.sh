#!/usr/bin/env bash
# rgw.sh: a single-node Ceph (1 mon, 1 memstore OSD, no mgr) + radosgw on loopback, for the
# compatibility suite (test/compat/, `npm run test:compat`); .ci/run starts and stops it.
#   rgw.sh start STATE_DIR [PORT]   bring it up (idempotent), print the S3 endpoint and keys
#   rgw.sh stop STATE_DIR           stop the daemons it started, by their recorded PIDs
#   rgw.sh status STATE_DIR         say what runs
#   rgw.sh install                  install Debian's packages when missing (apt-get, as root)
# Debian bookworm's packages: ceph-mon ceph-osd radosgw ceph-common (16.2.15); `start` installs
# them first when radosgw is missing. About 45 s to install and 15 s to start, measured here.
# Everything (config, keyrings, monmap, mon store, OSD store, logs, PIDs) lives under STATE_DIR.
# The OSD uses memstore: its data is saved to STATE_DIR on a clean stop and reloaded on start.
# The monitor listens on 127.0.0.1:3300 and :6789, so one cluster per machine at a time.
# Start is bounded: it gives up after START_TIMEOUT seconds (default 240) and says where.
set -euo pipefail

PACKAGES="ceph-mon ceph-osd radosgw ceph-common"

install_packages() {
  command -v radosgw >/dev/null && command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null && return 0
  echo "[rgw.sh] installing $PACKAGES (Debian)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
}

cmd=${1:-}; state=${2:-}
if [ "$cmd" = install ]; then install_packages; exit 0; fi
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start STATE_DIR [PORT] | stop STATE_DIR | status STATE_DIR | install" >&2; exit 2; }
port=${3:-7480}
ACCESS_KEY=${RGW_ACCESS_KEY:-TESTKEY}
SECRET_KEY=${RGW_SECRET_KEY:-TESTSECRET}
START_TIMEOUT=${START_TIMEOUT:-240}
mkdir -p "$state"
state=$(cd "$state" && pwd)
conf=$state/ceph.conf
pids=$state/pids
deadline=$(( $(date +%s) + START_TIMEOUT ))

log() { echo "[rgw.sh $(date +%T)] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }
C() { timeout 30 ceph -c "$conf" "$@"; }

alive() { [ -f "$pids/$1" ] && kill -0 "$(cat "$pids/$1")" 2>/dev/null; }

wait_for() { # wait_for WHAT CMD...: retry CMD until it succeeds or the start deadline passes
  local what=$1; shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out waiting for $what (see $state/log/)"
    sleep 1
  done
}

stop_one() { # stop_one NAME: SIGTERM the recorded PID, wait up to 20 s, then SIGKILL it
  local name=$1 pid
  [ -f "$pids/$name" ] || return 0
  pid=$(cat "$pids/$name")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "$name ($pid) ignored SIGTERM: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; rm -f "$pids/$name"; return 1; fi
  else
    rm -f "$pids/$name"; return 1   # it had already died: its data may not have been saved
  fi
  rm -f "$pids/$name"
}

write_conf() {
  local fsid=$1
  cat > "$conf" <<EOF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
public network = 127.0.0.1/32
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
mon warn on insecure global id reclaim allowed = false
keyring = $state/keyring
run dir = $state/run
admin socket = $state/run/\$name.asok
log file = $state/log/\$name.log
pid file = $state/run/\$name.pid
crash dir = $state/crash
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
osd max pg per osd hard ratio = 10
osd crush chooseleaf type = 0
mon data avail warn = 1
mon data avail crit = 0
[mon]
mon data = $state/mon/\$cluster-\$id
[osd]
keyring = $state/osd/\$cluster-\$id/keyring
osd data = $state/osd/\$cluster-\$id
osd objectstore = memstore
# memstore saves its data only when the store is unmounted: no fast shutdown on SIGTERM
osd fast shutdown = false
memstore device bytes = 8589934592
osd max object size = 134217728
osd crush update on start = true
[client.rgw.a]
keyring = $state/rgw.keyring
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $state/rgw
rgw enable usage log = false
rgw init timeout = 120
EOF
}

do_init() {
  log "initialising a new cluster in $state"
  rm -rf "$state/mon" "$state/osd" "$state/rgw" "$state/log" "$state/run" "$state/crash" "$state/initialized"
  mkdir -p "$state/mon/ceph-a" "$state/osd/ceph-0" "$state/rgw" "$state/log" "$state/run" "$state/crash" "$pids"
  local fsid; fsid=$(cat /proc/sys/kernel/random/uuid)
  write_conf "$fsid"
  ceph-authtool --create-keyring "$state/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool --create-keyring "$state/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *' >/dev/null
  ceph-authtool "$state/mon.keyring" --import-keyring "$state/keyring" >/dev/null
  monmaptool --create --clobber --fsid "$fsid" --addv a '[v2:127.0.0.1:3300,v1:127.0.0.1:6789]' "$state/monmap" >/dev/null
  ceph-mon -c "$conf" --mkfs -i a --monmap "$state/monmap" --keyring "$state/mon.keyring" >>"$state/log/init.log" 2>&1 || die "ceph-mon --mkfs (see $state/log/init.log)"
  start_mon
  local uuid; uuid=$(cat /proc/sys/kernel/random/uuid)
  local id; id=$(C osd new "$uuid" 2>/dev/null) || die "ceph osd new"
  [ "$id" = 0 ] || die "expected OSD id 0, got $id"
  ceph-osd -c "$conf" -i 0 --mkfs --mkkey --no-mon-config --osd-uuid "$uuid" >>"$state/log/init.log" 2>&1 || die "ceph-osd --mkfs (see $state/log/init.log)"
  C auth add osd.0 osd 'allow *' mon 'allow profile osd' mgr 'allow profile osd' -i "$state/osd/ceph-0/keyring" >/dev/null 2>&1 || die "ceph auth add osd.0"
  C auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' mgr 'allow rw' -o "$state/rgw.keyring" >/dev/null 2>&1 || die "ceph auth get-or-create client.rgw.a"
  touch "$state/osd-made"
}

start_mon() {
  alive mon && return 0
  ceph-mon -c "$conf" -i a -f >>"$state/log/mon.stdout" 2>&1 &
  echo $! > "$pids/mon"
  wait_for "the monitor" C -s
}

start_osd() {
  if ! alive osd; then
    ceph-osd -c "$conf" -i 0 -f >>"$state/log/osd.stdout" 2>&1 &
    echo $! > "$pids/osd"
  fi
  wait_for "osd.0 up" bash -c "ceph -c '$conf' osd dump 2>/dev/null | grep -q '^osd.0 up'"
}

start_rgw() {
  if ! alive rgw; then
    radosgw -c "$conf" -n client.rgw.a -f >>"$state/log/rgw.stdout" 2>&1 &
    echo $! > "$pids/rgw"
  fi
  wait_for "radosgw on 127.0.0.1:$port" curl -sf -o /dev/null "http://127.0.0.1:$port/"
}

make_user() {
  if ! timeout 30 radosgw-admin -c "$conf" user info --uid=test >/dev/null 2>&1; then
    timeout 60 radosgw-admin -c "$conf" user create --uid=test --display-name=test \
      --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >>"$state/log/init.log" 2>&1 || die "radosgw-admin user create"
  fi
}

print_ready() {
  cat <<EOF
RGW ready: http://127.0.0.1:$port
  AWS_ACCESS_KEY_ID=$ACCESS_KEY
  AWS_SECRET_ACCESS_KEY=$SECRET_KEY
  AWS_DEFAULT_REGION=us-east-1
  (state: $state; ceph -c $conf -s)
EOF
}

case $cmd in
  start)
    install_packages
    deadline=$(( $(date +%s) + START_TIMEOUT ))
    t0=$(date +%s)
    mkdir -p "$pids"
    if alive mon && alive osd && alive rgw && curl -sf -o /dev/null "http://127.0.0.1:$port/"; then
      log "already running"; print_ready; exit 0
    fi
    if [ ! -f "$state/initialized" ] || [ ! -f "$state/osd-made" ] || [ ! -f "$conf" ] || [ ! -f "$state/clean-stop" ]; then
      [ -f "$state/initialized" ] && log "the last stop was not clean (memstore data lost): starting over"
      for n in rgw osd mon; do stop_one "$n" || true; done
      do_init
    else
      grep -q "endpoint=127.0.0.1:$port\$" "$conf" || sed -i "s|^rgw frontends = .*|rgw frontends = beast endpoint=127.0.0.1:$port|" "$conf"
      mkdir -p "$state/run" "$state/log"
      start_mon
    fi
    rm -f "$state/clean-stop"
    start_osd
    start_rgw
    make_user
    touch "$state/initialized"
    log "started in $(( $(date +%s) - t0 )) s"
    print_ready
    ;;
  stop)
    clean=1
    [ -f "$pids/osd" ] || clean=0
    for n in rgw osd mon; do stop_one "$n" || clean=0; done
    if [ "$clean" = 1 ] && [ -f "$state/initialized" ]; then touch "$state/clean-stop"; log "stopped (clean: data kept)"; else rm -f "$state/clean-stop"; log "stopped (not clean: the next start begins anew)"; fi
    ;;
  status)
    for n in mon osd rgw; do if alive "$n"; then echo "$n: running (pid $(cat "$pids/$n"))"; else echo "$n: stopped"; fi; done
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
