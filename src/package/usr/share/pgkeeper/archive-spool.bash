# shellcheck shell=bash
# Asynchronous archiving's fast answers, given by both launchers (/usr/bin/pgkeeper and
# scripts/pgkeeper) before any JVM starts; sourced by each, not run on its own. See
# docs/archive.md, "Asynchronous archiving".
#
# - archive push SEGMENT: exits 0 at once when the spool holds the segment's acknowledgement and
#   it proves the push, and waits for it (a while, without Java) while the push worker runs;
# - archive get SEGMENT DEST: serves the segment from the read-ahead queue after checking its sha256.
#
# Anything else, and any doubt, goes on to Java, which checks the same things (io.pgkeeper.spool:
# Binding, AckCheck, GetQueue) and does the work. This file only ever answers "yes, done": it never
# fails a call, so PostgreSQL's exit code contract (push: 1..125; get: 1 = not archived, 126 =
# stop) stays Java's. Only calls naming --policy (absolute), --cluster and --spool are answered,
# the lines 'pgkeeper archive command-line' prints for archive.async: true.

# pgkeeper_spool_answer ARGUMENTS...: returns 0 when the call is answered (the launcher exits 0).
pgkeeper_spool_answer() {
    local policy="" cluster="" spool=""
    local -a words=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --policy | --cluster | --spool)
                [ $# -ge 2 ] || return 1
                case "$1" in --policy) policy="$2" ;; --cluster) cluster="$2" ;; *) spool="$2" ;; esac
                shift 2
                continue
                ;;
            --policy=*) policy="${1#--policy=}" ;;
            --cluster=*) cluster="${1#--cluster=}" ;;
            --spool=*) spool="${1#--spool=}" ;;
            -q | --quiet) ;;
            -*) return 1 ;;
            *) words+=("$1") ;;
        esac
        shift
    done
    [ "${#words[@]}" -ge 3 ] && [ "${words[0]}" = archive ] || return 1
    [[ $policy == /* && $spool == /* && -n $cluster ]] || return 1
    [[ ${words[2]##*/} =~ ^[0-9A-F]{24}$ ]] || return 1
    local name="${words[2]##*/}"
    pgkeeper_spool_binding "$policy" "$cluster" "$spool" || return 1
    case "${words[1]}:${#words[@]}" in
        push:3) pgkeeper_spool_push "$spool" "${words[2]}" "$name" ;;
        get:4) pgkeeper_spool_get "$spool" "$name" "${words[3]}" ;;
        *) return 1 ;;
    esac
}

# pgkeeper_spool_binding POLICY CLUSTER SPOOL: reads SPOOL/binding (Binding.java) into spool_*
# variables when it was written for this policy file, cluster and spool; the hashes are checked
# by the caller, which computes them together with its other hashes.
pgkeeper_spool_binding() {
    local key value header n
    spool_wal="" spool_identity="" spool_policy_sha="" spool_env_sha="" spool_env="" spool_env_blob=""
    local bpolicy="" bcluster="" bspool=""
    [ -f "$3/binding" ] || return 1
    {
        IFS= read -r header || return 1
        while IFS=' ' read -r key value; do
            case "$key" in
                policy) bpolicy="$value" ;;
                cluster) bcluster="$value" ;;
                spool) bspool="$value" ;;
                wal) spool_wal="$value" ;;
                identity) spool_identity="$value" ;;
                policy-sha256) spool_policy_sha="$value" ;;
                env) spool_env="$value" ;;
                env-sha256) spool_env_sha="$value" ;;
            esac
        done
    } <"$3/binding"
    [ "$header" = "pgkeeper-spool 1" ] && [ "$bpolicy" = "$1" ] && [ "$bcluster" = "$2" ] && [ "$bspool" = "$3" ] || return 1
    [[ $spool_wal == /* && $spool_identity == /* && $spool_policy_sha =~ ^[0-9a-f]{64}$ && $spool_env_sha =~ ^[0-9a-f]{64}$ ]] || return 1
    # The environment as Binding.envBlob writes it: NAME=VALUE, or NAME alone when unset.
    for n in $spool_env; do
        [[ $n =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || return 1
        if [ -n "${!n+set}" ]; then spool_env_blob+="$n=${!n}"$'\n'; else spool_env_blob+="$n"$'\n'; fi
    done
}

# pgkeeper_spool_sleep: 10 ms without starting a process (read's timeout on a pipe
# nobody writes to).
pgkeeper_spool_sleep() {
    [ -n "${spool_sleep_fd:-}" ] || exec {spool_sleep_fd}<> <(:)
    read -r -t 0.01 -u "$spool_sleep_fd" _ || true
}

# pgkeeper_spool_push SPOOL SEGMENT NAME: AckCheck.java in shell.
pgkeeper_spool_push() {
    local spool="$1" seg="$2" name="$3" out psha esha magic info sysid
    out="$(sha256sum -- "$policy" - <<<"$spool_env_blob" 2>/dev/null; od -An -v -w40 -tu2 -tu8 -N40 -- "$seg" 2>/dev/null)" || return 1
    local -a lines
    mapfile -t lines <<<"$out"
    [ "${#lines[@]}" -eq 4 ] || return 1
    psha="${lines[0]%% *}" esha="${lines[1]%% *}"
    [ "$psha" = "$spool_policy_sha" ] && [ "$esha" = "$spool_env_sha" ] || return 1
    local -a h2 h8
    read -r -a h2 <<<"${lines[2]}"
    read -r -a h8 <<<"${lines[3]}"
    [ "${#h2[@]}" -eq 20 ] && [ "${#h8[@]}" -eq 5 ] || return 1
    magic="${h2[0]}" info="${h2[1]}" sysid="${h8[3]}"
    (( magic >= 0xD000 && magic <= 0xDFFF && (info & 2) != 0 )) || return 1
    # Waits while a live worker may still acknowledge it; an error record, a dead worker or ten
    # seconds go on to Java, which reports the error or starts a worker and waits on.
    local tries=0 pid="" f
    while :; do
        pgkeeper_spool_acked "$spool" "$seg" "$name" "$sysid" && return 0
        for f in "$spool/push/"*.error; do [ -e "$f" ] && return 1; done
        [ -f "$spool/push/worker.pid" ] && IFS= read -r pid <"$spool/push/worker.pid" || return 1
        [[ $pid =~ ^[1-9][0-9]*$ ]] && [ -d "/proc/$pid" ] || return 1
        tries=$((tries + 1))
        [ "$tries" -le 1000 ] || return 1
        pgkeeper_spool_sleep
    done
}

# pgkeeper_spool_acked SPOOL SEGMENT NAME SYSID: the acknowledgement proves the push (AckCheck.java).
pgkeeper_spool_acked() {
    local ack="$1/push/$3.ok" content="" identity="" file
    [ -f "$ack" ] && [ ! -L "$ack" ] && [ "$ack" -nt "$2" ] || return 1
    IFS= read -r -d '' content <"$ack" || true
    local re="^([0-9]{1,20}) ($3-[0-9a-f]{64}(\.gz|\.zst)?)"$'\n'"?\$"
    [ "${#content}" -le 256 ] && [[ $content =~ $re ]] || return 1
    [ "${BASH_REMATCH[1]}" = "$4" ] || return 1
    file="$spool_wal/${BASH_REMATCH[2]}"
    IFS= read -r -d '' identity <"$spool_identity" || true
    local id_re='"systemIdentifier"[[:space:]]*:[[:space:]]*"([0-9]+)"'
    [[ $identity =~ $id_re ]] && [ "${BASH_REMATCH[1]}" = "$4" ] || return 1
    [[ ${identity#*\"systemIdentifier\"} != *\"systemIdentifier\"* ]] || return 1
    [ -f "$file" ] && [ -s "$file" ]
}

# pgkeeper_spool_get SPOOL NAME DEST: GetQueue.serve in shell. The queue is the one kept for this
# data directory (restore_command runs in it) on this host.
pgkeeper_spool_get() {
    local spool="$1" name="$2" dest="$3" key queue entry="" e base dir tmp out
    builtin cd -P . 2>/dev/null || return 1
    key="$HOSTNAME:$PWD"
    key="${key//%/%25}"
    key="${key//\//%2F}"
    queue="$spool/get/$key"
    for e in "$queue/$name"-*; do
        [[ ${e##*/} =~ ^$name-[0-9a-f]{64}$ ]] || continue
        [ -z "$entry" ] || return 1
        entry="$e"
    done
    [ -n "$entry" ] && [ -f "$entry" ] && [ ! -L "$entry" ] || return 1
    base="${entry##*/}"
    pgkeeper_spool_stored "$spool_wal/$base" || pgkeeper_spool_stored "$spool_wal/$base.gz" || pgkeeper_spool_stored "$spool_wal/$base.zst" || return 1
    case "$dest" in */*) dir="${dest%/*}" ;; *) dir=. ;; esac
    tmp="$dir/.${dest##*/}.pgkeeper-$$"
    mv -f -- "$entry" "$tmp" 2>/dev/null || return 1
    if command -v openssl >/dev/null 2>&1; then
        out="$(openssl dgst -sha256 -r "$policy" /dev/stdin "$tmp" <<<"$spool_env_blob" 2>/dev/null)"
    else
        out="$(sha256sum -- "$policy" - "$tmp" <<<"$spool_env_blob" 2>/dev/null)"
    fi
    local -a lines
    mapfile -t lines <<<"$out"
    [ "${#lines[@]}" -eq 3 ] || { rm -f -- "$tmp" 2>/dev/null; return 1; }
    if [ "${lines[0]%% *}" != "$spool_policy_sha" ] || [ "${lines[1]%% *}" != "$spool_env_sha" ]; then
        # another policy now: Java decides, and the entry goes back for it if it still wants it
        mv -f -- "$tmp" "$entry" 2>/dev/null || rm -f -- "$tmp" 2>/dev/null
        return 1
    fi
    if [ "${lines[2]%% *}" = "${base##*-}" ] && mv -f -- "$tmp" "$dest" 2>/dev/null; then
        return 0
    fi
    rm -f -- "$tmp" 2>/dev/null
    return 1
}

# pgkeeper_spool_stored FILE: a regular, non-empty file (as Java's isRegularFile and size > 0).
pgkeeper_spool_stored() {
    [ -f "$1" ] && [ -s "$1" ]
}
