package io.pgkeeper.policy;

/** pg_dump output formats pgkeeper supports; both allow pg_restore -j. */
public enum DumpFormat {
    CUSTOM("custom", "c"),
    DIRECTORY("directory", "d");

    private final String yamlName;
    private final String pgDumpFlag;

    DumpFormat(String yamlName, String pgDumpFlag) {
        this.yamlName = yamlName;
        this.pgDumpFlag = pgDumpFlag;
    }

    public String yamlName() {
        return yamlName;
    }

    public String pgDumpFlag() {
        return pgDumpFlag;
    }
}
