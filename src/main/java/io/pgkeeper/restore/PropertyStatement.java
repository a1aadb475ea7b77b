package io.pgkeeper.restore;

import io.pgkeeper.postgres.Catalog;
import io.pgkeeper.postgres.sql.SqlStatement;
import java.util.List;

/**
 * One statement of a dump's database properties, with the place of the database's name in it,
 * so that it can be aimed at another database without touching literals or other names.
 *
 * @param databaseToken index of the token naming the database, -1 when the statement names none
 * @param roles roles the statement needs to exist (grantees, the role of a role setting, a grantor)
 */
public record PropertyStatement(Kind kind, SqlStatement statement, int databaseToken, List<String> roles) {

    public enum Kind {
        CONNECTION_LIMIT,
        SETTING,
        ROLE_SETTING,
        COMMENT,
        SECURITY_LABEL,
        ACL,
        TEMPLATE,
        ALLOW_CONNECTIONS,
        /** SET/RESET SESSION AUTHORIZATION around grants made by a role other than the owner */
        SESSION
    }

    public PropertyStatement {
        roles = List.copyOf(roles);
    }

    /** The statement, naming {@code database} instead of the dumped name. */
    public String sql(String database) {
        return databaseToken < 0 ? statement.text() : statement.replacing(databaseToken, Catalog.ident(database));
    }

    /** The statement as the dump holds it. A setting may hold a secret: never log it. */
    public String dumpText() {
        return statement.text();
    }
}
