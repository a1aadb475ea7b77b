package io.pgkeeper.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Parses an age v1 header strictly, as the format's test vectors (C2SP CCTV) require: exact
 * version line, canonical unpadded base64, bodies wrapped at 64 columns and ended by a shorter
 * line, printable arguments, no CR. Reads no byte past the MAC line's newline.
 */
final class AgeHeaderParser {
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADER = 1 << 20;
    private static final String ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----";

    private final InputStream in;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    private AgeHeaderParser(InputStream in) {
        this.in = in;
    }

    static AgeHeader read(InputStream in) throws IOException {
        return new AgeHeaderParser(in).header();
    }

    private AgeHeader header() throws IOException {
        String version = line();
        if (version.startsWith(ARMOR)) {
            throw failure(AgeException.Reason.UNSUPPORTED, "is an armored (PEM) age file; pgkeeper reads binary age files (what it writes)");
        }
        if (!version.equals(AgeHeader.VERSION_LINE)) {
            throw failure(AgeException.Reason.HEADER, version.startsWith("age-encryption.org/")
                    ? "is an age file of a version other than v1" : "is not an age file");
        }
        List<AgeStanza> stanzas = new ArrayList<>();
        while (true) {
            String l = line();
            if (l.startsWith("-> ")) {
                stanzas.add(stanza(l));
            } else if (l.startsWith("---")) {
                if (stanzas.isEmpty()) {
                    throw failure(AgeException.Reason.HEADER, "has no recipient stanza");
                }
                return new AgeHeader(stanzas, macInput(), mac(l));
            } else {
                throw failure(AgeException.Reason.HEADER, "has a malformed header line");
            }
        }
    }

    private AgeStanza stanza(String argLine) throws IOException {
        List<String> args = Arrays.asList(argLine.substring(3).split(" ", -1));
        for (String a : args) {
            if (a.isEmpty() || !a.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw failure(AgeException.Reason.HEADER, "has a stanza with an empty or non-printable argument");
            }
        }
        StringBuilder body = new StringBuilder();
        while (true) {
            String l = line();
            if (l.length() > 64) {
                throw failure(AgeException.Reason.HEADER, "has a stanza body line longer than 64 columns");
            }
            body.append(l);
            if (l.length() < 64) {
                return new AgeStanza(args, base64(body.toString()));
            }
        }
    }

    private byte[] macInput() {
        byte[] all = seen.toByteArray();
        // The MAC covers the header through "---", not the space and MAC after it.
        int end = all.length;
        while (end >= 3 && !(all[end - 3] == '-' && all[end - 2] == '-' && all[end - 1] == '-')) {
            end--;
        }
        return Arrays.copyOf(all, end);
    }

    private byte[] mac(String l) {
        if (!l.startsWith("--- ") || l.length() != 4 + 43) {
            throw failure(AgeException.Reason.HEADER, "has a malformed MAC line");
        }
        return base64(l.substring(4));
    }

    /** Canonical, unpadded, standard base64 only. */
    static byte[] base64(String s) {
        if (s.indexOf('=') >= 0 || s.length() % 4 == 1) {
            throw failure(AgeException.Reason.HEADER, "has non-canonical base64");
        }
        byte[] b;
        try {
            b = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw failure(AgeException.Reason.HEADER, "has a character that is not base64");
        }
        if (!AgeHeader.B64.encodeToString(b).equals(s)) {
            throw failure(AgeException.Reason.HEADER, "has non-canonical base64");
        }
        return b;
    }

    /** One LF-terminated line of printable ASCII, without the LF. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw failure(AgeException.Reason.HEADER, seen.size() == 0 ? "is empty" : "ends inside its header");
            }
            seen.write(b);
            if (seen.size() > MAX_HEADER) {
                throw failure(AgeException.Reason.HEADER, "has a header larger than 1 MiB");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII);
            }
            if (b < 0x20 || b > 0x7e || line.size() >= MAX_LINE) {
                throw failure(AgeException.Reason.HEADER, "has a header line with a control character (CR?) or over " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static AgeException failure(AgeException.Reason reason, String what) {
        return new AgeException(reason, "the encrypted object " + what, null, null);
    }
}
