package io.pgkeeper.verify;

/** A sandbox left running (paths as plain strings, for JSON) by {@code --keep-sandbox}: where it is and how to reach and stop it. */
public record KeptSandbox(String dir, String dataDir, int port, String osUser, String psql, String stop) {}
