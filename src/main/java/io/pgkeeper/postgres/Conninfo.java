package io.pgkeeper.postgres;

/**
 * Builds libpq conninfo fragments. A database name goes to the tools as
 * {@code --dbname=dbname='...'} so that names with spaces, quotes, '=' or a leading dash are
 * never taken for a connection string or an option.
 */
public final class Conninfo {
    private Conninfo() {}

    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    public static String dbnameArg(String database) {
        return "--dbname=dbname=" + quote(database);
    }
}
