# shellcheck shell=bash
# The JVM options of both pgkeeper launchers, /usr/bin/pgkeeper (installed) and scripts/pgkeeper
# (a checkout): sourced by each, so that they start pgkeeper the same way. Not run on its own.
#
# Start-up time (docs/performance.md): PostgreSQL runs archive push/get once per WAL segment,
# so the JVM's start-up is most of their cost.
# - The class-data-sharing archive (cds-archive) maps pre-parsed classes instead of loading them
#   from the jar. Used only when newer than the jar (a stale one would be rejected by the JVM
#   anyway); a mismatched one (another JVM build) is silently ignored.
# - Short commands (archive push/get, --version) use the serial collector in a small heap: less
#   GC start-up work and a smaller footprint. --version also compiles with C1 only; push/get do
#   not, since their SHA-256 of a 16 MB segment needs C2's SHA intrinsic (C1: ~110 ms, C2: ~10-60).

# pgkeeper_java_options JAR JSA ARGUMENTS...: sets the array java_opts, and pgkeeper_short to
# what the arguments ask for: archive-push, archive-get, version, or empty for anything else.
pgkeeper_java_options() {
    local jar="$1" jsa="$2" prev="" arg
    shift 2
    java_opts=(-XX:+IgnoreUnrecognizedVMOptions)
    if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
        java_opts+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
    pgkeeper_short=""
    for arg in "$@"; do
        case "$prev:$arg" in
            archive:push | archive:get) pgkeeper_short="archive-$arg"; break ;;
        esac
        case "$arg" in -V | --version) pgkeeper_short=version; break ;; esac
        prev="$arg"
    done
    if [ -n "$pgkeeper_short" ]; then
        java_opts+=(-XX:+UseSerialGC -Xms8m -Xmx64m -XX:-UsePerfData)
    fi
    if [ "$pgkeeper_short" = version ]; then
        java_opts+=(-XX:TieredStopAtLevel=1)
    fi
}
