package io.pgkeeper.repository.storage;

import io.pgkeeper.crypto.AgeInputStream;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The plaintext of a stored age object, and the sha256 of its ciphertext once read to the end. */
final class SealedStream extends FilterInputStream implements Sealed {
    private static final byte[] MAGIC = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);

    private final AgeInputStream age;

    SealedStream(AgeInputStream age) {
        super(age);
        this.age = age;
    }

    @Override
    public String storedSha256() {
        return age.ciphertextSha256();
    }

    /** Whether the object is an age file; one that is not was written before encryption was turned on. */
    static boolean startsWithAge(BufferedInputStream in) throws IOException {
        in.mark(MAGIC.length);
        byte[] head = in.readNBytes(MAGIC.length);
        in.reset();
        return Arrays.equals(head, MAGIC);
    }
}
