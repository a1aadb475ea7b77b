package io.pgkeeper.recovery;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Watches a real copy: its data directory's postmaster.pid, the process, its log file and psql. */
public final class ServerWatch implements CopyWatch {
    private final Path pgdata;
    private final LogFile log;
    private final PsqlProbe probe;

    public ServerWatch(Path pgdata, Path logFile, PsqlProbe probe) {
        this.pgdata = pgdata;
        this.log = new LogFile(logFile);
        this.probe = probe;
    }

    @Override
    public Optional<PidFile> pidFile() {
        return PidFile.read(pgdata);
    }

    @Override
    public boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public List<String> log() {
        return log.lines();
    }

    @Override
    public ProbeResult probe(PidFile pid) {
        return probe.probe(pid);
    }
}
