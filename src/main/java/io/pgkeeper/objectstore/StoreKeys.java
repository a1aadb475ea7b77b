package io.pgkeeper.objectstore;

/** Object keys: the policy's prefix joined to the repository's relative keys. */
final class StoreKeys {
    private StoreKeys() {}

    /** {@code /prod/} and {@code prod} are the same prefix; {@code a//b} is refused, as are {@code .} and {@code ..} parts. */
    static String normalPrefix(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty()) {
            for (String part : p.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    throw new IllegalArgumentException("the key prefix '" + prefix + "' has an empty, '.' or '..' part");
                }
            }
        }
        return p;
    }

    /** The full key of {@code key} under {@code prefix}. */
    static String join(String prefix, String key) {
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key must be relative: " + key);
        }
        return prefix.isEmpty() ? key : key.isEmpty() ? prefix + "/" : prefix + "/" + key;
    }

    /** The repository-relative key of a full key listed by the store. */
    static String relative(String prefix, String fullKey) {
        if (prefix.isEmpty()) {
            return fullKey;
        }
        String p = prefix + "/";
        if (!fullKey.startsWith(p)) {
            throw new IllegalArgumentException("key " + fullKey + " is not under the prefix " + prefix);
        }
        return fullKey.substring(p.length());
    }
}
