package io.pgkeeper.postgres;

/** What a backup records about the server it came from. */
public record ServerInfo(int versionNum, String version, String systemIdentifier) {

    public int major() {
        return versionNum / 10000;
    }
}
