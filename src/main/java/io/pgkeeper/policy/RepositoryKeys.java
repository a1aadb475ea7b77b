package io.pgkeeper.policy;

import java.nio.file.Path;

/** {@code repository}: where backups are stored. */
final class RepositoryKeys {
    static final Key<Path> PATH = Key.value("path", ValueTypes.PATH,
            "The directory backups are stored in; a relative path is taken from the policy file's directory.").required();

    static final Section SECTION = Section.of("Where pgkeeper stores backups and the WAL archive.", PATH);

    private RepositoryKeys() {}
}
