package io.pgkeeper.crypto;

import java.util.List;

/** One recipient stanza of an age header: {@code -> type args...} and its body. */
record AgeStanza(List<String> args, byte[] body) {
    AgeStanza {
        args = List.copyOf(args);
        body = body.clone();
    }

    String type() {
        return args.get(0);
    }
}
