package io.pgkeeper.restore;

import io.pgkeeper.postgres.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a dump holds about its database itself, as {@code pg_restore --create} would restore it:
 * how it is created (encoding, locale provider and locales, tablespace), its owner, and the
 * statements that follow (settings, role-in-database settings, ACL, comment, security labels,
 * connection limit). Read from the dump, not from the server it came from, so a restore into a
 * new server gets them too. Every statement can be aimed at another name, e.g. a staging database.
 *
 * @param dumpedName the database's name as the dump records it: its identity
 */
public record DatabaseProperties(String dumpedName, List<CreateOption> createOptions, Optional<String> owner,
        List<PropertyStatement> statements) {

    /** Options of CREATE DATABASE that pgkeeper sets itself, or that only pg_upgrade uses. */
    private static final Set<String> NOT_COPIED = Set.of("TEMPLATE", "OWNER", "OID", "STRATEGY");

    public DatabaseProperties {
        createOptions = List.copyOf(createOptions);
        statements = List.copyOf(statements);
    }

    /** @param key upper case, e.g. {@code LOCALE_PROVIDER}; @param raw the value as pg_dump wrote it; @param value unquoted */
    public record CreateOption(String key, String raw, String value) {}

    public Optional<String> option(String key) {
        return createOptions.stream().filter(o -> o.key().equals(key)).map(CreateOption::value).findFirst();
    }

    public Optional<String> tablespace() {
        return option("TABLESPACE");
    }

    /** {@code libc} when the dump says nothing (before PostgreSQL 15 there was no other provider). */
    public String localeProvider() {
        return option("LOCALE_PROVIDER").map(p -> p.toLowerCase(Locale.ROOT)).orElse("libc");
    }

    /** The locale of the ICU or builtin provider, whichever the dump names. */
    public Optional<String> providerLocale() {
        return option("ICU_LOCALE").or(() -> option("BUILTIN_LOCALE"));
    }

    public Optional<String> lcCollate() {
        return option("LC_COLLATE").or(() -> option("LOCALE"));
    }

    public Optional<String> lcCtype() {
        return option("LC_CTYPE").or(() -> option("LOCALE"));
    }

    /** One line for messages: {@code encoding UTF8, provider icu, ICU locale sv-SE, collate C.UTF-8, ctype C.UTF-8}. */
    public String describeLocale() {
        List<String> parts = new ArrayList<>();
        option("ENCODING").ifPresent(e -> parts.add("encoding " + e));
        parts.add("locale provider " + localeProvider());
        option("ICU_LOCALE").ifPresent(l -> parts.add("ICU locale " + l));
        option("BUILTIN_LOCALE").ifPresent(l -> parts.add("builtin locale " + l));
        option("ICU_RULES").ifPresent(l -> parts.add("ICU rules " + l));
        lcCollate().ifPresent(l -> parts.add("collate " + l));
        lcCtype().ifPresent(l -> parts.add("ctype " + l));
        return String.join(", ", parts);
    }

    /**
     * CREATE DATABASE for {@code name} from template0 with the dump's options; the owner is set
     * separately (the role may be missing) and the tablespace only when it exists on the target.
     */
    public String createSql(String name, boolean withTablespace) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(Catalog.ident(name)).append(" WITH TEMPLATE = template0");
        for (CreateOption o : createOptions) {
            if (NOT_COPIED.contains(o.key()) || (!withTablespace && o.key().equals("TABLESPACE"))) {
                continue;
            }
            sql.append(' ').append(o.key()).append(" = ").append(o.raw());
        }
        return sql.toString();
    }

    /** Every role the statements need, in order: the owner, role settings, grantees, grantors. */
    public List<String> roles() {
        List<String> out = new ArrayList<>();
        owner.ifPresent(out::add);
        statements.forEach(s -> s.roles().stream().filter(r -> !out.contains(r)).forEach(out::add));
        return out;
    }
}
