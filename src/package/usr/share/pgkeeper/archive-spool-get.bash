# shellcheck shell=bash
# archive get's answers without a JVM: the read-ahead queue's half of archive-spool.bash, which
# sources it (see there, and docs/archive.md, "Read-ahead `archive get`"). Not run on its own.

# pgkeeper_spool_queue SPOOL: sets queue to the read-ahead queue kept for this data directory
# (restore_command runs in it) on this host (GetQueue.key).
pgkeeper_spool_queue() {
    local key
    builtin cd -P . 2>/dev/null || return 1
    key="$HOSTNAME:$PWD"
    key="${key//%/%25}"
    key="${key//\//%2F}"
    queue="$1/get/$key"
}

# pgkeeper_spool_get SPOOL NAME DEST: GetQueue.serve in shell; returns 3 for a segment recorded
# absent (pgkeeper_spool_absent). Serves an entry named with its CRC and size (GetQueue.fill)
# after checking them with cksum; anything else goes to Java, which checks the sha256.
pgkeeper_spool_get() {
    local spool="$1" name="$2" dest="$3" queue entry="" base want out
    # the policy's modification time, as the push path checks it: no process for a settled policy
    pgkeeper_spool_unchanged "$spool" || return 1
    pgkeeper_spool_queue "$spool" || return 1
    pgkeeper_spool_entry "$queue" "$name"
    case $? in
        0) ;;
        1)
            if ! pgkeeper_spool_await "$queue" "$name"; then
                pgkeeper_spool_absent "$spool" "$queue" "$name" && return 3
                return 1
            fi
            ;;
        *) return 1 ;;
    esac
    base="${entry##*/}"
    [[ $base =~ ^$name-[0-9a-f]{64}\.([0-9]{1,10})\.([0-9]{1,20})$ ]] || return 1
    want="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
    base="${base%%.*}"
    pgkeeper_spool_stored "$spool_wal/$base" || pgkeeper_spool_stored "$spool_wal/$base.gz" || pgkeeper_spool_stored "$spool_wal/$base.zst" || return 1
    # Straight to DEST, checked there: PostgreSQL reads DEST only after an exit 0, and removes it
    # before each call; on a refusal it is removed before the exit. One process fewer than through
    # a temporary name beside it: each fork and exec costs milliseconds on a busy host.
    mv -f -- "$entry" "$dest" 2>/dev/null || return 1
    # The CRC, not a sha256: cksum sums 16 MB in ~3 ms (openssl's sha256 ~19 ms), and what it
    # guards against is damage to this local copy since the worker checked its sha256 against the
    # archive's name (docs/archive.md). Read on stdin, cksum prints "CRC SIZE" and no file name;
    # exec: the substitution's subshell becomes cksum instead of forking once more for it.
    out="$(exec cksum <"$dest" 2>/dev/null)" || out=""
    [ "$out" = "$want" ] && return 0
    rm -f -- "$dest" 2>/dev/null
    return 1
}

# pgkeeper_spool_entry QUEUE NAME: sets entry to the queue's one entry for NAME (GetQueue.ENTRY);
# returns 1 when there is none, 2 when there is more than one or it is not a plain file.
pgkeeper_spool_entry() {
    local e
    entry=""
    for e in "$1/$2"-*; do
        [[ ${e##*/} =~ ^$2-[0-9a-f]{64}(\.[0-9]{1,10}\.[0-9]{1,20})?$ ]] || continue
        [ -z "$entry" ] || return 2
        entry="$e"
    done
    [ -n "$entry" ] || return 1
    [ -f "$entry" ] && [ ! -L "$entry" ] || return 2
}

# pgkeeper_spool_await QUEUE NAME: waits, up to 10 s, for the entry of NAME while its fetch is
# marked in flight (FetchMarks.java), the mark made less than 10 s ago or the worker alive; sets
# entry. No mark, a stale one, or the time up: returns 1 (Java gets it). The worker clears the mark
# only after the entry took its name, so the entry is looked for once more when the mark is gone.
pgkeeper_spool_await() {
    local q="$1" n="$2" tries=0 stamp pid
    while ((tries < 1000)); do
        if [ ! -f "$q/$n.fetching" ]; then
            pgkeeper_spool_entry "$q" "$n"
            return
        fi
        pgkeeper_spool_entry "$q" "$n"
        case $? in 0) return 0 ;; 2) return 1 ;; esac
        stamp=""
        if ! IFS= read -r stamp 2>/dev/null <"$q/$n.fetching" && [ ! -e "$q/$n.fetching" ]; then
            # the mark went between the two looks (the entry took its name, or the fetch failed): look again
            ((++tries))
            continue
        fi
        if ! [[ $stamp =~ ^[0-9]{1,19}$ ]] || ((EPOCHSECONDS - stamp > 10)); then
            pid=""
            [ -f "$q/worker.pid" ] && IFS= read -r pid 2>/dev/null <"$q/worker.pid" || return 1
            [[ $pid =~ ^[1-9][0-9]*$ ]] && [ -d "/proc/$pid" ] || return 1
        fi
        ((++tries))
        pgkeeper_spool_sleep
    done
    return 1
}

# How long a record of the get worker's that a file is not in the archive is trusted
# (AbsentRecords.VALID); the worker renews it every second while recovery runs.
pgkeeper_spool_absent_valid_ms=3000

# pgkeeper_spool_absent SPOOL QUEUE NAME: NAME is not archived (AbsentRecords.java): the worker's
# record of it is fresh and was made for this policy, environment and archive identity, and the
# archive directory, listed now, has no file of that name (one archived since the probe is seen
# here, and goes to Java).
pgkeeper_spool_absent() {
    local rec="$2/$3.absent" header="" key value probed="" system="" psha="" esha="" now identity f
    [ -f "$rec" ] && [ ! -L "$rec" ] || return 1
    {
        IFS= read -r header || return 1
        while IFS=' ' read -r key value; do
            case "$key" in
                probed) probed="$value" ;;
                system) system="$value" ;;
                policy-sha256) psha="$value" ;;
                env-sha256) esha="$value" ;;
            esac
        done
    } 2>/dev/null <"$rec" || return 1
    [ "$header" = "pgkeeper-absent 1" ] && [[ $probed =~ ^[0-9]{1,18}$ && $system =~ ^[0-9]{1,20}$ ]] || return 1
    [ "$psha" = "$spool_policy_sha" ] && [ "$esha" = "$spool_env_sha" ] || return 1
    now="${EPOCHREALTIME//[!0-9]/}"
    [[ $now =~ ^[0-9]{7,}$ ]] || return 1
    now=$((10#$now / 1000))
    ((now >= 10#$probed && now - 10#$probed <= pgkeeper_spool_absent_valid_ms)) || return 1
    pgkeeper_spool_unchanged "$1" || return 1
    IFS= read -r -d '' identity <"$spool_identity" || true
    local id_re='"systemIdentifier"[[:space:]]*:[[:space:]]*"([0-9]+)"'
    [[ $identity =~ $id_re ]] && [ "${BASH_REMATCH[1]}" = "$system" ] || return 1
    [[ ${identity#*\"systemIdentifier\"} != *\"systemIdentifier\"* ]] || return 1
    [ -d "$spool_wal" ] && [ -r "$spool_wal" ] && [ -x "$spool_wal" ] || return 1
    for f in "$spool_wal/$3"-* "$spool_wal/$3"; do
        if [ -e "$f" ] || [ -L "$f" ]; then return 1; fi
    done
}

# pgkeeper_spool_stored FILE: a regular, non-empty file (as Java's isRegularFile and size > 0).
pgkeeper_spool_stored() {
    [ -f "$1" ] && [ -s "$1" ]
}
