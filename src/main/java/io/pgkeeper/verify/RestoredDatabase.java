package io.pgkeeper.verify;

import io.pgkeeper.repository.TableFingerprint;
import java.util.List;
import java.util.Optional;

/**
 * What a database holds after its restore into the sandbox: exact row counts always.
 *
 * @param schemaHash empty when the schema hash cannot be compared (see {@link LogicalVerification})
 */
public record RestoredDatabase(String name, Optional<String> schemaHash, List<TableFingerprint> tables, List<RestoredSequence> sequences) {

    public RestoredDatabase {
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
    }

    /** @param lastValue null when the sequence was never used */
    public record RestoredSequence(String schema, String name, Long lastValue, long increment) {
        public String qualifiedName() {
            return schema + "." + name;
        }
    }
}
