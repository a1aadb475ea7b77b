# shellcheck shell=bash
# Asynchronous archiving's fast answers, given by both launchers (/usr/bin/pgkeeper and
# scripts/pgkeeper) before any JVM starts; sourced by each, not run on its own. See
# docs/archive.md, "Asynchronous archiving".
#
# - archive push SEGMENT: exits 0 at once when the spool holds the segment's acknowledgement and
#   it proves the push, and waits for it (a while, without Java) while the push worker runs;
# - archive get SEGMENT DEST: serves the segment from the read-ahead queue after checking the CRC
#   and size the entry is named with (cksum);
# - archive get NAME DEST, NAME a segment or a history file: "not archived" (the launcher exits 1)
#   when the get worker recorded it absent less than 3 s ago (AbsentRecords.java) and the archive
#   directory, listed here and now, still has no file of that name.
#
# Anything else, and any doubt, goes on to Java, which checks the same things (io.pgkeeper.spool:
# Binding, AckCheck, GetQueue) and does the work. This file answers "yes, done" and, for get, that
# one "not archived"; it never fails a call otherwise, so the rest of PostgreSQL's exit code
# contract (push: 1..125; get: 126 = stop) stays Java's. Only calls naming --policy (absolute),
# --cluster and --spool are answered, the lines 'pgkeeper archive command-line' prints for
# archive.async: true.

# pgkeeper_spool_answer ARGUMENTS...: returns 0 when the call is answered (the launcher exits 0),
# 3 when it is answered "not archived" (the launcher exits 1), anything else to go on to Java.
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
    local name="${words[2]##*/}"
    if [[ ${words[2]} =~ ^[0-9A-F]{8}\.history$ && ${words[1]}:${#words[@]} == get:4 ]]; then
        # history files are never read ahead: only "not archived" is answered here
        pgkeeper_spool_binding "$policy" "$cluster" "$spool" && pgkeeper_spool_queue "$spool" || return 1
        pgkeeper_spool_absent "$spool" "$queue" "$name" && return 3
        return 1
    fi
    [[ $name =~ ^[0-9A-F]{24}$ ]] || return 1
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
    spool_wal="" spool_identity="" spool_policy_sha="" spool_env_sha="" spool_env="" spool_env_blob="" spool_policy_mtime=""
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
                policy-mtime) spool_policy_mtime="$value" ;;
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

# pgkeeper_spool_push SPOOL SEGMENT NAME: AckCheck.java in shell. An acknowledged segment is
# answered with builtins alone, no process started: each fork and exec costs milliseconds on a
# busy host, and PostgreSQL's archiver waits for every one (docs/performance.md).
pgkeeper_spool_push() {
    local spool="$1" seg="$2" name="$3" sysid
    pgkeeper_spool_unchanged "$spool" || return 1
    pgkeeper_spool_header "$seg" || return 1
    sysid="$spool_sysid"
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

# The sha256 of the environment blob of a policy that refers to no variable (Binding.envBlob: "\n").
pgkeeper_spool_no_env_sha=01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b

# pgkeeper_spool_unchanged SPOOL: the policy file and the environment variables it refers to are
# those the binding was written for. The policy's sha256 is recomputed (sha256sum) unless Java
# stamped the binding ("policy-mtime"): it then gave the binding file the policy file's own
# modification time, to the nanosecond, after hashing a policy that had not changed for seconds
# (Binding.java), so a policy whose time is still exactly that one is the file that was hashed;
# an edit, a copy put back or a file moved over it has another time. The environment is hashed
# only when the policy refers to a variable.
pgkeeper_spool_unchanged() {
    local -a files=() lines=()
    local out want=()
    [ -f "$policy" ] || return 1
    if [ -z "$spool_policy_mtime" ] || [ "$policy" -nt "$1/binding" ] || [ "$policy" -ot "$1/binding" ]; then
        files+=("$policy") want+=("$spool_policy_sha")
    fi
    if [ -n "$spool_env" ]; then
        files+=(-) want+=("$spool_env_sha")
    else
        [ "$spool_env_sha" = "$pgkeeper_spool_no_env_sha" ] || return 1
    fi
    [ "${#files[@]}" -gt 0 ] || return 0
    out="$(sha256sum -- "${files[@]}" <<<"$spool_env_blob" 2>/dev/null)" || return 1
    mapfile -t lines <<<"$out"
    [ "${#lines[@]}" -eq "${#want[@]}" ] || return 1
    local i
    for i in "${!want[@]}"; do
        [ "${lines[i]%% *}" = "${want[i]}" ] || return 1
    done
}

# pgkeeper_spool_header SEGMENT: sets spool_sysid to the system identifier of the segment's long
# page header, as WalHeader.parse reads it (40 bytes at least, magic 0xD000..0xDFFF, the
# long-header bit), read byte by byte with read (a NUL byte reads as an empty string).
pgkeeper_spool_header() {
    local LC_ALL=C c v i=0
    local -a b=([0]=0 0 0 0 [24]=0 0 0 0 0 0 0 0)
    spool_sysid=""
    {
        while ((i < 40)); do
            IFS= read -r -d '' -n 1 c || return 1
            if [[ $c ]] && ((i < 4 || (i >= 24 && i < 32))); then printf -v v '%d' "'$c"; b[i]=$v; fi
            ((++i))
        done
    } 2>/dev/null <"$1" || return 1
    (((b[0] | b[1] << 8) >= 0xD000 && (b[0] | b[1] << 8) <= 0xDFFF && (b[2] & 2) != 0)) || return 1
    local -i s=0
    for i in 31 30 29 28 27 26 25 24; do s=$((s << 8 | b[i])); done
    printf -v spool_sysid '%u' "$s"
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

# archive get's half (the read-ahead queue: serving, waiting, "not archived"), in a file of its
# own beside this one. Missing, every get goes to Java.
case "${BASH_SOURCE[0]}" in */*) pgkeeper_spool_here="${BASH_SOURCE[0]%/*}" ;; *) pgkeeper_spool_here=. ;; esac
if [ -f "$pgkeeper_spool_here/archive-spool-get.bash" ]; then
    # shellcheck source=src/package/usr/share/pgkeeper/archive-spool-get.bash
    . "$pgkeeper_spool_here/archive-spool-get.bash"
fi
