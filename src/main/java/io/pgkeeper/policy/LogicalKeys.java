package io.pgkeeper.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code clusters.<name>.logical}: how {@code pgkeeper dump} takes logical backups. */
final class LogicalKeys {
    static final Key<List<String>> INCLUDE = Key.value("include", ValueTypes.TEXT_LIST,
            "Glob patterns (`*`, `?`, `[abc]`) over database names; at least one; each non-empty and a valid pattern.")
            .byDefault(List.of("*"));
    static final Key<List<String>> EXCLUDE = Key.value("exclude", ValueTypes.TEXT_LIST,
            "The same patterns; may be empty; exclude wins over include.").byDefault(List.of("template0", "template1"));
    static final Section DATABASE_KEYS = Section.of("Which databases `pgkeeper dump` dumps.", INCLUDE, EXCLUDE);

    static final Key<Void> DATABASES = Key.block("databases", DATABASE_KEYS,
            "Which databases to dump.").unset("defaults below");
    static final Key<DumpFormat> FORMAT = Key.value("format", ValueTypes.choice(formats()),
            "The `pg_dump` output format: one file per database, or a folder per database, which allows parallel"
            + " `pg_dump`.").byDefault(DumpFormat.CUSTOM);
    static final Key<Integer> JOBS = Key.value("jobs", ValueTypes.wholeNumber(1, Integer.MAX_VALUE),
            "Parallel jobs within one database (`pg_dump` runs parallel only with `directory`).").byDefault(1);
    static final Key<String> COMPRESS = Key.value("compress", ValueTypes.PG_DUMP_COMPRESS,
            "Passed to `pg_dump --compress`: a level `0`-`9`, or `method[:detail]` such as `gzip:6`, `lz4`,"
            + " `zstd:long`; no spaces.").unset("unset: `pg_dump`'s default");
    static final Key<GlobalsMode> GLOBALS = Key.value("globals",
            ValueTypes.names(GlobalsMode.ROLES, GlobalsMode.ALL, GlobalsMode.NONE),
            "What `pg_dumpall` saves beside the dumps: roles only, roles and tablespaces, or nothing.")
            .byDefault(GlobalsMode.ROLES);
    static final Key<Integer> PARALLEL_DATABASES = Key.value("parallelDatabases", ValueTypes.wholeNumber(1, Integer.MAX_VALUE),
            "How many databases are dumped at the same time.").byDefault(1);
    static final Key<FingerprintMode> FINGERPRINT = Key.value("fingerprint",
            ValueTypes.names(FingerprintMode.EXACT, FingerprintMode.ESTIMATE, FingerprintMode.OFF),
            "What the dump records for verify to compare: exact row counts, planner estimates, or only the schema.")
            .byDefault(FingerprintMode.ESTIMATE);

    static final Section SECTION = Section.of("How `pgkeeper dump` takes logical backups.",
            DATABASES, FORMAT, JOBS, COMPRESS, GLOBALS, PARALLEL_DATABASES, FINGERPRINT);

    private LogicalKeys() {}

    private static Map<String, DumpFormat> formats() {
        Map<String, DumpFormat> names = new LinkedHashMap<>();
        for (DumpFormat f : DumpFormat.values()) {
            names.put(f.yamlName(), f);
        }
        return names;
    }
}
