package io.pgkeeper.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * The text header of an age v1 file (age-encryption.org/v1): the version line, the recipient
 * stanzas, and the MAC line, whose HMAC-SHA-256 covers everything up to and including its
 * {@code ---}.
 *
 * @param macInput the header's bytes up to and including {@code ---}
 */
record AgeHeader(List<AgeStanza> stanzas, byte[] macInput, byte[] mac) {
    static final String VERSION_LINE = "age-encryption.org/v1";
    static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final int COLUMNS = 64;

    AgeHeader {
        stanzas = List.copyOf(stanzas);
    }

    /** The header for these stanzas, MACed with the file key. */
    static AgeHeader seal(List<AgeStanza> stanzas, byte[] fileKey) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line(out, VERSION_LINE);
        for (AgeStanza s : stanzas) {
            line(out, "-> " + String.join(" ", s.args()));
            String body = B64.encodeToString(s.body());
            for (int i = 0; i < body.length(); i += COLUMNS) {
                line(out, body.substring(i, Math.min(body.length(), i + COLUMNS)));
            }
            if (body.length() % COLUMNS == 0) {
                line(out, ""); // the body ends with a line shorter than 64 columns, here an empty one
            }
        }
        out.writeBytes("---".getBytes(StandardCharsets.US_ASCII));
        byte[] macInput = out.toByteArray();
        return new AgeHeader(stanzas, macInput, mac(fileKey, macInput));
    }

    /** Whether the MAC matches for this file key (constant time). */
    boolean verify(byte[] fileKey) throws GeneralSecurityException {
        return MessageDigest.isEqual(mac, mac(fileKey, macInput));
    }

    /** The header as written to the file, through the newline after the MAC. */
    byte[] encoded() {
        byte[] tail = (" " + B64.encodeToString(mac) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[macInput.length + tail.length];
        System.arraycopy(macInput, 0, all, 0, macInput.length);
        System.arraycopy(tail, 0, all, macInput.length, tail.length);
        return all;
    }

    private static byte[] mac(byte[] fileKey, byte[] macInput) throws GeneralSecurityException {
        return Primitives.hmac(Primitives.hkdf(fileKey, new byte[0], "header"), macInput);
    }

    private static void line(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
    }
}
